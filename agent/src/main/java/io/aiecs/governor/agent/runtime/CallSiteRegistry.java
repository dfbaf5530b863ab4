package io.aiecs.governor.agent.runtime;

import io.aiecs.governor.agent.usage.UsageShape;
import java.util.ArrayList;
import java.util.List;

/** The call sites instrumentations declare, indexed by the id their advice is woven with. */
public final class CallSiteRegistry {
  private final List<CallSite> sites = new ArrayList<>();
  private volatile CallSite[] byId = new CallSite[0];

  /** Registers a site and returns its id, to bind into the advice. */
  public synchronized int register(String library, String operation, UsageShape usage) {
    return register(library, operation, usage, CallSemantics.named(library, operation));
  }

  /** Registers a site with what telemetry needs to describe it, and returns its id. */
  public synchronized int register(String library, String operation, UsageShape usage, CallSemantics semantics) {
    CallSite site = new CallSite(sites.size(), library, operation, usage, semantics);
    sites.add(site);
    byId = sites.toArray(new CallSite[0]);
    return site.id();
  }

  public CallSite get(int id) {
    return byId[id];
  }

  public List<CallSite> all() {
    return List.of(byId);
  }
}

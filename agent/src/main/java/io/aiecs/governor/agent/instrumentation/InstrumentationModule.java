package io.aiecs.governor.agent.instrumentation;

import io.aiecs.governor.agent.runtime.CallSiteRegistry;
import java.util.List;

/**
 * Everything the agent weaves into one client library. A module knows its library's classes, methods and
 * usage shapes, and nothing of limits: it declares call sites and the methods to advise with the shared advice.
 */
public interface InstrumentationModule {
  /** Kebab-case name, used in logs (and for switching the module off). */
  String name();

  /** Registers this library's call sites and returns the methods to advise. */
  List<AdvisedMethod> advisedMethods(CallSiteRegistry sites);
}

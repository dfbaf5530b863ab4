package io.aiecs.governor.agent.runtime;

import io.aiecs.governor.agent.usage.UsageShape;

/**
 * One kind of governed call, e.g. OpenAI chat completions: what library and operation it is, where its
 * response keeps usage, and how telemetry describes it. Advice refers to a site by its index, bound as a
 * constant when the class is woven.
 */
public record CallSite(int id, String library, String operation, UsageShape usage, CallSemantics semantics) {

  /** A site described by its library and operation names alone. */
  public CallSite(int id, String library, String operation, UsageShape usage) {
    this(id, library, operation, usage, CallSemantics.named(library, operation));
  }
}

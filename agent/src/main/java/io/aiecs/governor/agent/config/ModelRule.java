package io.aiecs.governor.agent.config;

import java.util.Objects;
import java.util.regex.Pattern;

/** Calls whose request model matches {@code model} (whole name) belong to the agent {@code agentId}. */
public record ModelRule(String agentId, Pattern model) {
  public ModelRule {
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(model, "model");
  }

  /** Full match ({@link java.util.regex.Matcher#matches()}), not a search; a call without a model never matches. */
  public boolean matches(String requestModel) {
    return requestModel != null && model.matcher(requestModel).matches();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelRule r && agentId.equals(r.agentId) && Patterns.same(model, r.model);
  }

  @Override
  public int hashCode() {
    return Objects.hash(agentId, Patterns.hash(model));
  }
}

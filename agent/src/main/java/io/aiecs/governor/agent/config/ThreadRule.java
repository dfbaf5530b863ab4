package io.aiecs.governor.agent.config;

import java.util.Objects;
import java.util.regex.Pattern;

/** Calls from a thread whose whole name matches {@code threadName} belong to the agent {@code agentId}. */
public record ThreadRule(String agentId, Pattern threadName) {
  public ThreadRule {
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(threadName, "threadName");
  }

  /** Full match ({@link java.util.regex.Matcher#matches()}), not a search. */
  public boolean matches(String name) {
    return name != null && threadName.matcher(name).matches();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ThreadRule r && agentId.equals(r.agentId) && Patterns.same(threadName, r.threadName);
  }

  @Override
  public int hashCode() {
    return Objects.hash(agentId, Patterns.hash(threadName));
  }
}

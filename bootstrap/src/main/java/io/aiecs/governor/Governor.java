package io.aiecs.governor;

import io.aiecs.governor.bootstrap.GovernorHooks;
import java.util.Set;

/**
 * The application-facing facade of the governor. Works whether or not the agent runs: without it, every
 * agent reads as {@linkplain ResourceStatus#ungoverned(String) ungoverned}.
 */
public final class Governor {
  private Governor() {}

  /** Whether the governor agent is installed and governing calls in this JVM. */
  public static boolean isActive() {
    return GovernorHooks.runtime() != null;
  }

  /** The resources of one agent now: available or not, why, and what is left. */
  public static ResourceStatus status(String agentId) {
    var runtime = GovernorHooks.runtime();
    return runtime == null ? ResourceStatus.ungoverned(agentId) : runtime.status(agentId);
  }

  /** The ids of the agents the governor knows: the configured ones and the default agent. */
  public static Set<String> agentIds() {
    var runtime = GovernorHooks.runtime();
    return runtime == null ? Set.of() : runtime.agentIds();
  }

  /** The agent a call made from the current thread now would be charged to. */
  public static String currentAgentId() {
    var runtime = GovernorHooks.runtime();
    return runtime == null ? "default" : runtime.currentAgentId();
  }
}

package io.aiecs.governor;

import io.aiecs.governor.bootstrap.GovernorHooks;
import java.time.Duration;
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

  /**
   * The resources of one agent now: available or not, why, and what is left (AIECS
   * {@code check_resource_availability} and {@code get_resource_usage}). Includes the process-wide scope the
   * agent shares with the others: when that is spent, the agent is unavailable too.
   *
   * @throws IllegalArgumentException for an agent id the governor does not know (see {@link #agentIds()})
   */
  public static ResourceStatus status(String agentId) {
    var runtime = GovernorHooks.runtime();
    return runtime == null ? ResourceStatus.ungoverned(agentId) : runtime.status(agentId);
  }

  /** The ids of the agents the governor knows: the configured ones and the default agent. */
  public static Set<String> agentIds() {
    var runtime = GovernorHooks.runtime();
    return runtime == null ? Set.of() : runtime.agentIds();
  }

  /**
   * Waits until the agent's resources are available (AIECS {@code wait_for_resources}) or the timeout passes.
   * Returns whether they are available; without the agent, at once {@code true}.
   *
   * @throws IllegalArgumentException for an agent id the governor does not know
   */
  public static boolean awaitResources(String agentId, Duration timeout) throws InterruptedException {
    var runtime = GovernorHooks.runtime();
    return runtime == null || runtime.awaitResources(agentId, timeout);
  }

  /** The agent a call made from the current thread now would be charged to. */
  public static String currentAgentId() {
    var runtime = GovernorHooks.runtime();
    return runtime == null ? "default" : runtime.currentAgentId();
  }
}

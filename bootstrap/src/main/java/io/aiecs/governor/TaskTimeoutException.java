package io.aiecs.governor;

import java.time.Duration;

/** Thrown into the application when a governed task runs past its deadline ({@code task-timeout-seconds}). */
public final class TaskTimeoutException extends GovernorException {
  private static final long serialVersionUID = 1L;

  private final Duration timeout;

  public TaskTimeoutException(String agentId, Duration timeout) {
    super(agentId, "aiecs-governor: task of agent '" + agentId + "' exceeded its timeout of "
        + timeout.toMillis() + " ms");
    this.timeout = timeout;
  }

  /** The deadline the task was given. */
  public Duration timeout() {
    return timeout;
  }
}

package io.aiecs.governor;

import java.time.Duration;

/**
 * Thrown into the application when a governed call is refused: at once in reject mode, or after the wait
 * timeout in wait mode. Carries the agent, the limit that decided and when a retry can be expected to pass.
 */
public final class ResourceLimitExceededException extends GovernorException {
  private static final long serialVersionUID = 1L;

  private final Limit limit;
  private final Duration retryAfter;

  public ResourceLimitExceededException(String agentId, Limit limit, Duration retryAfter, String detail) {
    super(agentId, "aiecs-governor: agent '" + agentId + "' exceeded " + limit.configKey()
        + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")")
        + "; retry after " + retryAfter.toMillis() + " ms");
    this.limit = limit;
    this.retryAfter = retryAfter;
  }

  /** The limit that refused the call. */
  public Limit limit() {
    return limit;
  }

  /**
   * How long until the limit is expected to admit a call again. For token budgets this is the refill time;
   * for concurrency it is {@link Duration#ZERO}, meaning "as soon as a running task finishes".
   */
  public Duration retryAfter() {
    return retryAfter;
  }
}

package io.aiecs.governor.agent.config;

/** How a rejected call is reported to the caller ({@code reject-as}). */
public enum RejectAs {
  /** As the governor's own {@code ResourceLimitExceededException}. */
  GOVERNOR,
  /**
   * As the intercepted client library's own rate-limit exception (for OpenAI, {@code RateLimitException} with a
   * retry-after), so the host's existing retry handling applies.
   */
  CLIENT
}

package io.aiecs.governor.agent.config;

/** How a rejected call is reported to the caller ({@code reject-as}). */
public enum RejectAs {
  /** As the governor's own {@code ResourceLimitExceededException}. */
  GOVERNOR,
  /**
   * As the intercepted client library's own rate-limit exception (for OpenAI, {@code RateLimitException} with a
   * retry-after), so the host's existing retry handling applies. Where a client retries by itself below the
   * intercepted method (the blocking calls of openai-java and anthropic-java), each attempt is refused with the
   * provider's 429 inside the client instead, so that its own retry loop handles it first.
   */
  CLIENT
}

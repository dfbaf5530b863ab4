package io.aiecs.governor.agent.runtime;

/**
 * One governed call as observers see it. Read it during the observer callback only: the object is the call's
 * own bookkeeping, reused for nothing else, but it is not a snapshot.
 */
public interface GovernedCall {
  CallSite site();

  String agentId();

  /** The client object whose method was called (e.g. an OpenAI service), or null. */
  Object client();

  /** The request parameters (the method's first argument). */
  Object request();

  /** {@link System#nanoTime()}-scale time the call asked for admission. */
  long startNanos();

  /** Time spent waiting for admission, in nanoseconds (0 when admitted at once). */
  long waitNanos();

  /** {@link io.aiecs.governor.agent.limits.Admission} flags. */
  int admission();

  /** After completion: time the call ended; 0 before. */
  long endNanos();

  /** After completion: the response object, or null on failure. */
  Object result();

  /** After completion: the failure, or null on success. */
  Throwable error();

  /** Reported usage after completion; -1 when not reported. */
  long inputTokens();

  long outputTokens();

  long totalTokens();

  long cachedTokens();

  long reasoningTokens();

  /** Whether the usage was estimated (a stream that reported none) rather than reported by the provider. */
  default boolean usageEstimated() {
    return false;
  }
}

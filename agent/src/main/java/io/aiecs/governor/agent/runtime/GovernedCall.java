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

  /**
   * A mark an observer leaves on the call when it is admitted, to read when it completes (telemetry: "recorded
   * on the application's own span"); 0 until set. Set on the calling thread before the call proceeds, read
   * after it ended, so whatever handed the call's completion to another thread makes it visible there.
   */
  default int observerMark() {
    return 0;
  }

  default void observerMark(int mark) {}

  /** Whether the usage was estimated (a stream that reported none) rather than reported by the provider. */
  default boolean usageEstimated() {
    return false;
  }
}

package io.aiecs.governor.agent.runtime;

/**
 * An admitted call whose work outlives the method that started it: a stream, a handler-driven call or a
 * publisher. Trackers report to it what they see; it holds the call's permits until the first of
 * {@link #complete}, {@link #fail} or {@link #cancel}, and ignores everything after that.
 *
 * <p>Usage is taken as the largest figure reported per field over the whole stream, so a provider that reports
 * once at the end (OpenAI's {@code include_usage} chunk) and one that reports running totals (Anthropic's
 * {@code message_start} then {@code message_delta}, Gemini's chunks) are both charged once. When a stream reports
 * no usage at all, it is estimated from the streamed text (and the request) and marked as estimated.
 */
public interface StreamingCall {
  /** A chunk or event arrived: reads usage (and requested tool calls) from it with the site's usage shape. */
  void element(Object element);

  /** Usage figures a tracker read itself; {@link io.aiecs.governor.agent.usage.PropertyPath#ABSENT} when unknown. */
  void usage(long input, long output, long total, long cached, long reasoning);

  /** Streamed text, counted for the estimate used when the stream reports no usage. */
  default void text(CharSequence delta) {
    if (delta != null) {
      textChars(delta.length());
    }
  }

  /** As {@link #text}, for a tracker that measured the text itself. */
  void textChars(long chars);

  /** The stream ended normally: usage (reported or estimated) is charged and the permits released. */
  void complete();

  /**
   * The stream failed: permits released. Returns the exception to deliver instead of {@code error} (a
   * {@link io.aiecs.governor.TaskTimeoutException} when the task's deadline had passed), or null.
   */
  Throwable fail(Throwable error);

  /** The stream was cancelled or closed before its end, or was dropped unread: what arrived is charged. */
  void cancel();

  /** Whether the call is settled already. */
  boolean isSettled();

  /**
   * Nanoseconds left until the task's deadline ({@link Long#MAX_VALUE} without one; 0 or less once it passed), for
   * a tracker that must cut a body still arriving at the deadline.
   */
  default long remainingNanos() {
    return Long.MAX_VALUE;
  }

  /**
   * Marks the current thread as inside this call until {@link #endNested()}, so that client layers it calls
   * (e.g. a framework's subscription starting an SDK's stream) pass through instead of being admitted again.
   */
  void beginNested();

  void endNested();
}

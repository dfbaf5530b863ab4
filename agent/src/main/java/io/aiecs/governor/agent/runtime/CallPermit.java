package io.aiecs.governor.agent.runtime;

import io.aiecs.governor.GovernorException;
import io.aiecs.governor.TaskTimeoutException;
import io.aiecs.governor.agent.limits.Admission;
import io.aiecs.governor.agent.limits.AgentLimiter;
import io.aiecs.governor.agent.limits.TimeSource;
import io.aiecs.governor.agent.usage.PropertyPath;
import io.aiecs.governor.agent.usage.UsageShape;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One admitted call in flight: what it holds and where its usage goes. Settled exactly once, whichever of
 * return, exception or future completion comes first; later settlements are ignored. Doubles as the
 * {@code whenComplete} callback of an async call, as the sink of its usage and as the record observers read,
 * so a call costs this one object.
 */
final class CallPermit implements UsageShape.UsageSink, GovernedCall, Settleable {
  private static final AtomicIntegerFieldUpdater<CallPermit> SETTLED =
      AtomicIntegerFieldUpdater.newUpdater(CallPermit.class, "settled");

  private final CallSite site;
  private final AgentLimiter limiter;
  private final AgentLimiter process;
  private final Object client;
  private final Object request;
  private final int admission;
  private final int processAdmission;
  private final long startNanos;
  private final long waitNanos;
  private final Duration timeout;
  private final long deadline;
  private final TimeSource time;
  private final CallObserver observer;
  private volatile int settled;

  private long endNanos;
  private Object result;
  private Throwable error;
  private long input = PropertyPath.ABSENT;
  private long output = PropertyPath.ABSENT;
  private long total = PropertyPath.ABSENT;
  private long cached = PropertyPath.ABSENT;
  private long reasoning = PropertyPath.ABSENT;
  /** Streams only: characters of streamed text, for the estimate when no usage is reported. */
  private long streamedChars;
  private boolean estimated;
  /** Streams only: the thread-local call frames, to mark a thread as inside this call ({@link #beginNested}). */
  private ThreadLocal<CallGovernor.Frame> frames;
  /** A handler-driven call: its handler settles it, not its method's return. */
  boolean trackedByHandler;
  /** The call the admitting thread was doing work for when this one started (carried there), or null. */
  CallPermit enclosing;
  /** What the thread was doing work for before {@link #beginNested}. */
  private CallPermit beforeNested;
  private int observerMark;

  CallPermit(CallSite site, AgentLimiter limiter, AgentLimiter process, Object client, Object request, int admission,
             int processAdmission, long startNanos, long waitNanos, Duration timeout, long deadline, TimeSource time,
             CallObserver observer) {
    this.timeout = timeout;
    this.deadline = deadline;
    this.site = site;
    this.limiter = limiter;
    this.process = process;
    this.processAdmission = processAdmission;
    this.client = client;
    this.request = request;
    this.admission = admission;
    this.startNanos = startNanos;
    this.waitNanos = waitNanos;
    this.time = time;
    this.observer = observer;
  }

  /** The task's deadline on the {@link TimeSource} scale; 0 without a task timeout. */
  long deadline() {
    return deadline;
  }

  boolean pastDeadline() {
    return deadline != 0 && time.nanoTime() - deadline >= 0;
  }

  @Override
  public long remainingNanos() {
    return deadline == 0 ? Long.MAX_VALUE : deadline - time.nanoTime();
  }

  TaskTimeoutException timedOut() {
    return new TaskTimeoutException(limiter.agentId(), timeout);
  }

  /**
   * Charges the usage of {@code result} (if any) and gives the permit back; only the first call counts. Returns
   * the exception the call should end with instead of {@code thrown} (a failure after the task's deadline is a
   * {@link TaskTimeoutException}), or null.
   */
  @Override
  public Throwable settle(Object result, Throwable thrown) {
    if (!SETTLED.compareAndSet(this, 0, 1)) {
      return null;
    }
    Throwable replacement = thrown != null && pastDeadline() && !(thrown instanceof GovernorException)
        ? timedOut() : null;
    try {
      this.endNanos = time.nanoTime();
      this.result = result;
      this.error = replacement != null ? replacement : thrown;
      if (result != null && thrown == null) {
        site.usage().read(result, this);
      }
      chargeUsage();
    } finally {
      limiter.release(admission);
      if (process != null) {
        process.release(processAdmission);
      }
    }
    observer.completed(this);
    return replacement;
  }

  /** Charges what was reported, or for a stream that reported nothing, an estimate from its text. */
  private void chargeUsage() {
    if (input == PropertyPath.ABSENT && output == PropertyPath.ABSENT && total == PropertyPath.ABSENT) {
      if (streamedChars == 0) {
        return;
      }
      estimated = true;
      output = UsageEstimate.tokens(streamedChars);
      input = UsageEstimate.tokens(UsageEstimate.requestChars(request));
      total = input + output;
    }
    // at the end time read once for the call, not at a clock reading of each scope's own
    limiter.charge(input, output, total, cached, reasoning, endNanos);
    if (process != null) {
      process.charge(input, output, total, cached, reasoning, endNanos);
    }
  }

  @Override
  public boolean isSettled() {
    return settled != 0;
  }

  /** Keeps the largest figure per field: a response reports once, a stream may report running totals. */
  @Override
  public void usage(long input, long output, long total, long cached, long reasoning) {
    this.input = Math.max(this.input, input);
    this.output = Math.max(this.output, output);
    this.total = Math.max(this.total, total);
    this.cached = Math.max(this.cached, cached);
    this.reasoning = Math.max(this.reasoning, reasoning);
  }

  // --- StreamingCall: what a tracker reports while the stream runs

  void nesting(ThreadLocal<CallGovernor.Frame> frames) {
    this.frames = frames;
  }

  @Override
  public void element(Object element) {
    if (element != null && settled == 0) {
      site.usage().read(element, this);
    }
  }

  @Override
  public void textChars(long chars) {
    streamedChars += chars;
  }

  @Override
  public void complete() {
    settle(null, null);
  }

  @Override
  public Throwable fail(Throwable failure) {
    return settle(null, failure == null ? new IllegalStateException("stream failed") : failure);
  }

  @Override
  public void cancel() {
    settle(null, null);
  }

  @Override
  public void beginNested() {
    CallGovernor.Frame frame = frames.get();
    if (frame.depth++ == 0) {
      beforeNested = frame.current;
      frame.current = this;
    }
  }

  @Override
  public void endNested() {
    CallGovernor.Frame frame = frames.get();
    if (--frame.depth == 0) {
      frame.current = beforeNested;
    }
  }


  /** Whether the charged usage was estimated from streamed text, the stream having reported none. */
  @Override
  public boolean usageEstimated() {
    return estimated;
  }

  @Override
  public void toolCallsRequested(long n) {
    limiter.toolCallsRequested(n);
  }

  @Override public CallSite site() { return site; }
  @Override public String agentId() { return limiter.agentId(); }
  @Override public Object client() { return client; }
  @Override public Object request() { return request; }
  @Override public long startNanos() { return startNanos; }
  @Override public long waitNanos() { return waitNanos; }
  @Override public int admission() { return Admission.combine(admission, processAdmission); }
  @Override public long endNanos() { return endNanos; }
  @Override public Object result() { return result; }
  @Override public Throwable error() { return error; }
  @Override public long inputTokens() { return input; }
  @Override public long outputTokens() { return output; }
  @Override public long totalTokens() { return total; }
  @Override public long cachedTokens() { return cached; }
  @Override public long reasoningTokens() { return reasoning; }
  @Override public int observerMark() { return observerMark; }
  @Override public void observerMark(int mark) { observerMark = mark; }
}

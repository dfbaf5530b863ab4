package io.aiecs.governor.agent.runtime;

import io.aiecs.governor.ResourceLimitExceededException;
import io.aiecs.governor.agent.limits.AgentLimiter;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A call refused at its method with {@code reject-as=client} whose client retries it itself: it goes on into the
 * client, and each attempt the client's retry loop makes is admitted at the client's transport
 * ({@link CallGovernor#attempt}). At most one attempt is admitted; its permit is the call's, settled when the call
 * ends, as for a call admitted at its method.
 *
 * <p>A blocking call ends when its method returns. An async call's attempts run on the client's threads (the call
 * is carried there, see {@link CallGovernor#currentTask}) after its method has returned: it ends when the future or
 * stream the caller got completes, which it hears of as the {@link StreamingCall} its tracker reports to. Once it
 * has ended no attempt is admitted for it any more.
 */
final class RetriedCall implements Settleable {
  /** The call ended before any attempt was admitted. */
  private static final Object ENDED = new Object();

  final CallSite site;
  final Object client;
  final Object request;
  /** The entry-point task the call runs in, or null. */
  final TaskPermit task;
  final AgentLimiter limiter;
  /** Whether the client's attempts are asynchronous: the call then ends when its caller's future or stream does. */
  final boolean async;
  /** The refusal at the method: it answers the first attempt, so that one attempt is one decision. */
  private volatile ResourceLimitExceededException firstRefusal;
  /** Null while every attempt was refused, the admitted attempt's {@link CallPermit}, or {@link #ENDED}. */
  private final AtomicReference<Object> outcome = new AtomicReference<>();

  RetriedCall(CallSite site, Object client, Object request, TaskPermit task, AgentLimiter limiter,
              boolean async, ResourceLimitExceededException firstRefusal) {
    this.site = site;
    this.client = client;
    this.request = request;
    this.task = task;
    this.limiter = limiter;
    this.async = async;
    this.firstRefusal = firstRefusal;
  }

  @Override
  public CallSite site() {
    return site;
  }

  /** The refusal made at the method, the first time only (it answers the first attempt); then null. */
  ResourceLimitExceededException takeFirstRefusal() {
    ResourceLimitExceededException first = firstRefusal;
    firstRefusal = null;
    return first;
  }

  /** Whether attempts are still admitted for this call: none was yet, and the call has not ended. */
  boolean awaitsAdmission() {
    return outcome.get() == null;
  }

  /** The permit of the attempt that was admitted, or null. */
  CallPermit permit() {
    return outcome.get() instanceof CallPermit permit ? permit : null;
  }

  /** Makes {@code permit} the call's; false when the call ended meanwhile (the permit is then not the call's). */
  boolean admitted(CallPermit permit) {
    return outcome.compareAndSet(null, permit);
  }

  /** Ends the call: no attempt is admitted after this. Returns the permit of the one admitted, or null. */
  CallPermit end() {
    Object now = outcome.get();
    while (now == null && !outcome.compareAndSet(null, ENDED)) {
      now = outcome.get();
    }
    return now instanceof CallPermit permit ? permit : null;
  }

  /** Settles the call with what its caller's future completed with (a no-op when no attempt was admitted). */
  @Override
  public Throwable settle(Object result, Throwable thrown) {
    CallPermit permit = end();
    return permit == null ? null : permit.settle(result, thrown);
  }

  // --- StreamingCall: an async stream's tracker reports to the call before any attempt may have been admitted

  @Override
  public void element(Object element) {
    CallPermit permit = permit();
    if (permit != null) {
      permit.element(element);
    }
  }

  @Override
  public void usage(long input, long output, long total, long cached, long reasoning) {
    CallPermit permit = permit();
    if (permit != null) {
      permit.usage(input, output, total, cached, reasoning);
    }
  }

  @Override
  public void textChars(long chars) {
    CallPermit permit = permit();
    if (permit != null) {
      permit.textChars(chars);
    }
  }

  @Override
  public void complete() {
    settle(null, null);
  }

  @Override
  public Throwable fail(Throwable error) {
    CallPermit permit = end();
    return permit == null ? null : permit.fail(error);
  }

  @Override
  public void cancel() {
    settle(null, null);
  }

  @Override
  public boolean isSettled() {
    Object now = outcome.get();
    return now == ENDED || now instanceof CallPermit permit && permit.isSettled();
  }

  @Override
  public long remainingNanos() {
    CallPermit permit = permit();
    return permit == null ? Long.MAX_VALUE : permit.remainingNanos();
  }

  /** Not used: only calls subscribed later (deferred) mark nested layers, and those are never retried. */
  @Override
  public void beginNested() {}

  @Override
  public void endNested() {}
}

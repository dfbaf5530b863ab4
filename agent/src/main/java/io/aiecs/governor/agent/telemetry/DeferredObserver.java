package io.aiecs.governor.agent.telemetry;

import io.aiecs.governor.ResourceLimitExceededException;
import io.aiecs.governor.agent.runtime.CallObserver;
import io.aiecs.governor.agent.runtime.CallSite;
import io.aiecs.governor.agent.runtime.GovernedCall;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The observer the governor gets at once, while the OpenTelemetry SDK starts on a background thread: until
 * then it keeps what it sees (up to {@link #capacity} events, the rest are dropped and counted), and hands it
 * all to the real observer when that arrives, so that the first calls of a short-lived host still count. A
 * call's record is not changed after it completes, so keeping the reference is enough.
 */
final class DeferredObserver implements CallObserver {
  private final ConcurrentLinkedQueue<Event> pending = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final AtomicInteger dropped = new AtomicInteger();
  private final int capacity;
  private volatile CallObserver target;
  /** Whether any event came through: the exit flush is skipped when none did. */
  private volatile boolean recorded;

  DeferredObserver(int capacity) {
    this.capacity = capacity;
  }

  /** From now on every event goes to {@code observer}; what was kept is handed over first. */
  void ready(CallObserver observer) {
    target = observer;
    drain(observer);
  }

  int dropped() {
    return dropped.get();
  }

  /** Whether anything was observed since the start. */
  boolean recordedAny() {
    return recorded;
  }

  private void seen() {
    if (!recorded) { // read first: after the first call this stays a plain read of a shared cache line
      recorded = true;
    }
  }

  @Override
  public void admitted(GovernedCall call) {
    seen();
    CallObserver t = target;
    if (t != null) {
      t.admitted(call);
    } else {
      keep(new Event(Kind.ADMITTED, call, null, null, null, 0, null, null));
    }
  }

  @Override
  public void rejected(CallSite site, String agentId, ResourceLimitExceededException decision, long waitNanos) {
    seen();
    CallObserver t = target;
    if (t != null) {
      t.rejected(site, agentId, decision, waitNanos);
    } else {
      keep(new Event(Kind.REJECTED, null, site, agentId, decision, waitNanos, null, null));
    }
  }

  @Override
  public void completed(GovernedCall call) {
    seen();
    CallObserver t = target;
    if (t != null) {
      t.completed(call);
    } else {
      keep(new Event(Kind.COMPLETED, call, null, null, null, 0, null, null));
    }
  }

  @Override
  public void toolCallAdmitted(String agentId, String type, String method, int admission) {
    seen();
    CallObserver t = target;
    if (t != null) {
      t.toolCallAdmitted(agentId, type, method, admission);
    } else {
      keep(new Event(Kind.TOOL_ADMITTED, null, null, agentId, null, admission, type, method));
    }
  }

  @Override
  public void toolCallRejected(String agentId, String type, String method, ResourceLimitExceededException decision) {
    seen();
    CallObserver t = target;
    if (t != null) {
      t.toolCallRejected(agentId, type, method, decision);
    } else {
      keep(new Event(Kind.TOOL_REJECTED, null, null, agentId, decision, 0, type, method));
    }
  }

  private void keep(Event e) {
    if (size.incrementAndGet() > capacity) {
      size.decrementAndGet();
      dropped.incrementAndGet();
      return;
    }
    pending.add(e);
    CallObserver t = target;
    if (t != null) { // became ready while this was being added: make sure it is not left behind
      drain(t);
    }
  }

  private void drain(CallObserver t) {
    Event e;
    while ((e = pending.poll()) != null) {
      size.decrementAndGet();
      switch (e.kind) {
        case ADMITTED -> t.admitted(e.call);
        case COMPLETED -> t.completed(e.call);
        case REJECTED -> t.rejected(e.site, e.agentId, e.decision, e.waitNanos);
        case TOOL_ADMITTED -> t.toolCallAdmitted(e.agentId, e.type, e.method, (int) e.waitNanos);
        case TOOL_REJECTED -> t.toolCallRejected(e.agentId, e.type, e.method, e.decision);
      }
    }
  }

  private enum Kind { ADMITTED, REJECTED, COMPLETED, TOOL_ADMITTED, TOOL_REJECTED }

  /** {@code waitNanos} holds the admission flags of a tool event. */
  private record Event(Kind kind, GovernedCall call, CallSite site, String agentId,
                       ResourceLimitExceededException decision, long waitNanos, String type, String method) {}
}

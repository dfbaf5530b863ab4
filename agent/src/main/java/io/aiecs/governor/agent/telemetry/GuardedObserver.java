package io.aiecs.governor.agent.telemetry;

import io.aiecs.governor.ResourceLimitExceededException;
import io.aiecs.governor.agent.runtime.CallObserver;
import io.aiecs.governor.agent.runtime.CallSite;
import io.aiecs.governor.agent.runtime.GovernedCall;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;

/**
 * Keeps telemetry faults away from the call: an observer that throws would break the governor's bookkeeping
 * of the call it observes. The first fault is logged with its stack trace, later ones are only counted away.
 */
final class GuardedObserver implements CallObserver {
  private final CallObserver delegate;
  private final Logger log;
  private final AtomicBoolean reported = new AtomicBoolean();

  GuardedObserver(CallObserver delegate, Logger log) {
    this.delegate = delegate;
    this.log = log;
  }

  @Override
  public void admitted(GovernedCall call) {
    try {
      delegate.admitted(call);
    } catch (Throwable t) {
      fault(t);
    }
  }

  @Override
  public void rejected(CallSite site, String agentId, ResourceLimitExceededException decision, long waitNanos) {
    try {
      delegate.rejected(site, agentId, decision, waitNanos);
    } catch (Throwable t) {
      fault(t);
    }
  }

  @Override
  public void completed(GovernedCall call) {
    try {
      delegate.completed(call);
    } catch (Throwable t) {
      fault(t);
    }
  }

  @Override
  public void toolCallAdmitted(String agentId, String type, String method, int admission) {
    try {
      delegate.toolCallAdmitted(agentId, type, method, admission);
    } catch (Throwable t) {
      fault(t);
    }
  }

  @Override
  public void toolCallRejected(String agentId, String type, String method, ResourceLimitExceededException decision) {
    try {
      delegate.toolCallRejected(agentId, type, method, decision);
    } catch (Throwable t) {
      fault(t);
    }
  }

  private void fault(Throwable t) {
    if (reported.compareAndSet(false, true)) {
      log.warn("telemetry fault (calls are not affected; further faults are not logged)", t);
    }
  }
}

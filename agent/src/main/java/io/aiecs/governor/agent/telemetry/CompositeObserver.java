package io.aiecs.governor.agent.telemetry;

import io.aiecs.governor.ResourceLimitExceededException;
import io.aiecs.governor.agent.runtime.CallObserver;
import io.aiecs.governor.agent.runtime.CallSite;
import io.aiecs.governor.agent.runtime.GovernedCall;

/** Metrics, then spans. */
record CompositeObserver(CallObserver first, CallObserver second) implements CallObserver {
  @Override
  public void admitted(GovernedCall call) {
    first.admitted(call);
    second.admitted(call);
  }

  @Override
  public void rejected(CallSite site, String agentId, ResourceLimitExceededException decision, long waitNanos) {
    first.rejected(site, agentId, decision, waitNanos);
    second.rejected(site, agentId, decision, waitNanos);
  }

  @Override
  public void completed(GovernedCall call) {
    first.completed(call);
    second.completed(call);
  }

  @Override
  public void toolCallAdmitted(String agentId, String type, String method, int admission) {
    first.toolCallAdmitted(agentId, type, method, admission);
    second.toolCallAdmitted(agentId, type, method, admission);
  }

  @Override
  public void toolCallRejected(String agentId, String type, String method, ResourceLimitExceededException decision) {
    first.toolCallRejected(agentId, type, method, decision);
    second.toolCallRejected(agentId, type, method, decision);
  }
}

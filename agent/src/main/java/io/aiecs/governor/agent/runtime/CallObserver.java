package io.aiecs.governor.agent.runtime;

import io.aiecs.governor.ResourceLimitExceededException;

/**
 * Sees every admission decision and every completed call: the seam telemetry plugs into. Called on the hot
 * path, on the calling thread (completion: on the thread that completed the call), so implementations must be
 * quick, must not block and must not throw.
 */
public interface CallObserver {
  /** A call was admitted (possibly after waiting). */
  void admitted(GovernedCall call);

  /** A call was refused; {@code waitNanos} is how long it waited before the refusal. */
  void rejected(CallSite site, String agentId, ResourceLimitExceededException decision, long waitNanos);

  /** An admitted call ended: returned, threw, or its future completed. Usage is set. */
  void completed(GovernedCall call);

  /** A tool execution was admitted; {@code admission} holds the {@link io.aiecs.governor.agent.limits.Admission} flags. */
  default void toolCallAdmitted(String agentId, String type, String method, int admission) {}

  /** A tool execution was refused. */
  default void toolCallRejected(String agentId, String type, String method, ResourceLimitExceededException decision) {}

  CallObserver NOOP = new CallObserver() {
    @Override
    public void admitted(GovernedCall call) {}

    @Override
    public void rejected(CallSite site, String agentId, ResourceLimitExceededException decision, long waitNanos) {}

    @Override
    public void completed(GovernedCall call) {}
  };
}

package io.aiecs.governor.agent.runtime;

import io.aiecs.governor.ResourceLimitExceededException;
import io.aiecs.governor.agent.limits.AgentLimiter;

/**
 * A call refused at its method with {@code reject-as=client} whose client retries it itself: it goes on into the
 * client, and each attempt the client's retry loop makes is admitted at the client's transport
 * ({@link CallGovernor#attempt}). At most one attempt is admitted; its permit is the call's, settled when the call's
 * method ends, as for a call admitted at its method. Lives on the calling thread only.
 */
final class RetriedCall {
  final CallSite site;
  final Object client;
  final Object request;
  /** The entry-point task the call runs in, or null. */
  final TaskPermit task;
  final AgentLimiter limiter;
  /** The refusal at the method: it answers the first attempt, so that one attempt is one decision. */
  ResourceLimitExceededException firstRefusal;
  /** The permit of the attempt that was admitted, or null while every attempt was refused. */
  CallPermit permit;

  RetriedCall(CallSite site, Object client, Object request, TaskPermit task, AgentLimiter limiter,
              ResourceLimitExceededException firstRefusal) {
    this.site = site;
    this.client = client;
    this.request = request;
    this.task = task;
    this.limiter = limiter;
    this.firstRefusal = firstRefusal;
  }
}

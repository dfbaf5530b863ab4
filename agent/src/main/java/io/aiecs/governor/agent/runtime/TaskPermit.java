package io.aiecs.governor.agent.runtime;

import io.aiecs.governor.TaskTimeoutException;
import io.aiecs.governor.agent.limits.AgentLimiter;
import io.aiecs.governor.agent.limits.TimeSource;
import java.time.Duration;

/**
 * A running entry-point task: the agent it belongs to, the concurrency slot it holds for its whole run, and its
 * deadline. Threads started inside the task (virtual threads included) inherit it; once ended, it binds nothing,
 * so a pool thread that happened to be created during a task does not carry it on.
 */
final class TaskPermit {
  final AgentLimiter limiter;
  final AgentLimiter process;
  private final int admission;
  private final int processAdmission;
  private final Duration timeout;
  final long deadline;
  private final TimeSource time;
  private volatile boolean ended;

  TaskPermit(AgentLimiter limiter, AgentLimiter process, int admission, int processAdmission, Duration timeout,
             long deadline, TimeSource time) {
    this.limiter = limiter;
    this.process = process;
    this.admission = admission;
    this.processAdmission = processAdmission;
    this.timeout = timeout;
    this.deadline = deadline;
    this.time = time;
  }

  boolean active() {
    return !ended;
  }

  boolean pastDeadline() {
    return deadline != 0 && time.nanoTime() - deadline >= 0;
  }

  TaskTimeoutException timedOut() {
    return new TaskTimeoutException(limiter.agentId(), timeout);
  }

  /** Gives the task's slot back; once. */
  synchronized void end() {
    if (ended) {
      return;
    }
    ended = true;
    limiter.release(admission);
    if (process != null) {
      process.release(processAdmission);
    }
  }
}

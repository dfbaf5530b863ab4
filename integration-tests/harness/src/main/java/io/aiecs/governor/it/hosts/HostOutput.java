package io.aiecs.governor.it.hosts;

import io.aiecs.governor.Governor;
import io.aiecs.governor.ResourceLimitExceededException;
import io.aiecs.governor.ResourceStatus;
import java.util.concurrent.CompletionException;

/** The line protocol host apps speak to the tests on stdout. */
public final class HostOutput {
  private HostOutput() {}

  public static synchronized void ok(long totalTokens) {
    System.out.println("CALL " + Thread.currentThread().getName() + " OK " + totalTokens);
    System.out.flush();
  }

  public static synchronized void failed(Throwable t) {
    Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    if (cause instanceof ResourceLimitExceededException e) {
      System.out.println("CALL " + Thread.currentThread().getName() + " REJECTED " + e.limit() + " "
          + e.retryAfter().toMillis() + " " + e.agentId());
    } else {
      System.out.println("CALL " + Thread.currentThread().getName() + " ERROR " + cause.getClass().getName() + " "
          + String.valueOf(cause.getMessage()).replace('\n', ' '));
    }
    System.out.flush();
  }

  /** One {@code STATUS} line per agent the governor knows (none without the agent). */
  public static synchronized void statusOfAllAgents() {
    System.out.println("GOVERNOR active=" + Governor.isActive());
    for (String id : Governor.agentIds()) {
      ResourceStatus s = Governor.status(id);
      System.out.println("STATUS " + id + " governed=" + s.governed() + " available=" + s.available()
          + " admitted=" + s.admittedCalls() + " waited=" + s.waitedCalls() + " rejected=" + s.rejectedCalls()
          + " wouldReject=" + s.wouldRejectCalls() + " input=" + s.inputTokens() + " output=" + s.outputTokens()
          + " total=" + s.totalTokens() + " active=" + s.activeTasks() + " max=" + s.maxConcurrentTasks()
          + " waiting=" + s.waitingTasks() + " leftPerMinute=" + s.tokensLeftPerMinute()
          + " leftPerHour=" + s.tokensLeftPerHour() + " throttled=" + s.throttledCalls()
          + " toolCalls=" + s.toolCalls() + " toolCallsLeftPerMinute=" + s.toolCallsLeftPerMinute()
          + " memoryUsedMb=" + s.memoryUsedMb() + " memoryLimitMb=" + s.memoryLimitMb());
    }
    System.out.flush();
  }

  /**
   * Ends a host whose client library keeps non-daemon threads idling after the work is done (OkHttp's dispatcher
   * keeps its threads 60 s): the JVM would wait them out before exiting, and the test with it. Shutdown hooks (the
   * agent's exit flush) still run.
   */
  public static void exit() {
    System.out.flush();
    System.exit(0);
  }
}

package io.aiecs.governor.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiecs.governor.TaskTimeoutException;
import io.aiecs.governor.agent.attribution.AgentResolver;
import io.aiecs.governor.agent.config.AgentLimits;
import io.aiecs.governor.agent.config.RejectAs;
import io.aiecs.governor.agent.limits.AgentLimiter;
import io.aiecs.governor.agent.limits.FakeTimeSource;
import io.aiecs.governor.agent.usage.UsageShape;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A task's deadline: applied to the HTTP calls inside it, and turning a late failure into TaskTimeoutException. */
class TaskTimeoutTest {
  private final FakeTimeSource time = new FakeTimeSource();
  private final CallSiteRegistry sites = new CallSiteRegistry();
  private final int site = sites.register("test", "chat", UsageShape.of("usage", null, null, null, null, null));
  private final List<Long> deadlinesApplied = new ArrayList<>();
  private final int transport = sites.registerTransport((call, deadline) -> deadlinesApplied.add(deadline));

  private CallGovernor governor(Duration agentTimeout, Duration processTimeout) {
    AgentLimiter agent = new AgentLimiter("a", limits(agentTimeout), time);
    AgentLimiter process = processTimeout == null ? null : new AgentLimiter("global", limits(processTimeout), time);
    Map<String, AgentLimiter> limiters = Map.of("a", agent);
    return new CallGovernor(limiters, process, new AgentResolver<>(List.of(), "a", limiters::get), sites, time,
        CallObserver.NOOP);
  }

  private static AgentLimits limits(Duration timeout) {
    return new AgentLimits(2, AgentLimits.UNLIMITED, AgentLimits.UNLIMITED, AgentLimits.UNLIMITED, true, true,
        Duration.ofSeconds(1), AgentLimits.UNLIMITED, AgentLimits.UNLIMITED, AgentLimits.UNLIMITED, timeout,
        AgentLimits.NO_THROTTLING, RejectAs.GOVERNOR);
  }

  @Test
  void httpCallsInsideATaskGetWhatIsLeftOfItsDeadline() {
    CallGovernor governor = governor(Duration.ofSeconds(5), null);
    Object token = governor.enter(site, null, "r");
    time.advanceMillis(2000);
    long before = System.nanoTime();

    assertThat(governor.httpCall(transport, new Object())).isNull();

    assertThat(deadlinesApplied).hasSize(1);
    long remaining = deadlinesApplied.get(0) - before;
    assertThat(remaining).as("what is left, plus the grace that lets the governor answer first")
        .isBetween(3_100_000_000L, 3_300_000_000L);
    assertThat(governor.exit(token, null, null)).isNull();
    assertThat(governor.httpCall(transport, new Object())).as("outside a task: untouched").isNull();
    assertThat(deadlinesApplied).hasSize(1);
  }

  @Test
  void anHttpCallMadeOnAPoolThreadForTheCallGetsItsDeadlineToo() {
    CallGovernor governor = governor(Duration.ofSeconds(5), null);
    Object token = governor.enter(site, null, "r");
    Object carried = governor.currentTask();
    time.advanceMillis(1000);

    java.util.concurrent.CompletableFuture.runAsync(() -> {
      Object before = governor.resumeTask(carried); // what the executor advice's wrapper does
      try {
        assertThat(governor.httpCall(transport, new Object())).isNull();
      } finally {
        governor.resumeTask(before);
      }
    }, work -> new Thread(work, "sdk-pool").start()).join();

    assertThat(deadlinesApplied).as("the async SDK's request, sent from its pool, got the deadline").hasSize(1);
    assertThat(deadlinesApplied.get(0) - System.nanoTime()).isBetween(3_700_000_000L, 4_300_000_000L);
    governor.exit(token, null, null);
  }

  @Test
  void aThreadStartedInsideACallSendsItsHttpCallWithTheDeadlineButNotAfterTheCall() throws Exception {
    CallGovernor governor = governor(Duration.ofSeconds(5), null);
    Object token = governor.enter(site, null, "r");
    java.util.concurrent.BlockingQueue<Runnable> work = new java.util.concurrent.LinkedBlockingQueue<>();
    Thread started = new Thread(() -> { // like CompletableFuture's thread-per-task executor on a 1-core pool
      try {
        while (true) {
          work.take().run();
        }
      } catch (InterruptedException done) {
        Thread.currentThread().interrupt();
      }
    }, "started-inside-the-call");
    started.start();
    java.util.concurrent.CompletableFuture.runAsync(() -> governor.httpCall(transport, new Object()), work::add).join();
    assertThat(deadlinesApplied).as("the call's deadline reached the started thread's request").hasSize(1);

    governor.exit(token, null, null);
    time.advanceMillis(10_000);
    Object later = java.util.concurrent.CompletableFuture
        .supplyAsync(() -> governor.httpCall(transport, new Object()), work::add).join();
    assertThat(later).as("the call is over: the thread works for nobody, nothing refused").isNull();
    assertThat(deadlinesApplied).hasSize(1);
    started.interrupt();
  }

  @Test
  void anAsyncCallReachingItsDeadlineIsSettledBeforeItsCallerHearsOfTheTimeout() {
    CallGovernor governor = governor(Duration.ofSeconds(5), null);
    Object token = governor.enter(site, null, "r");
    time.advanceMillis(5000); // the deadline is due: the governor's timer fires at once
    java.util.concurrent.CompletableFuture<Object> library = new java.util.concurrent.CompletableFuture<>();
    java.util.concurrent.CompletableFuture<?> callers =
        (java.util.concurrent.CompletableFuture<?>) governor.track(token, library);
    int[] activeWhenHeard = {-1};
    java.util.concurrent.CompletableFuture<?> heard = callers.handle((v, e) -> {
      activeWhenHeard[0] = governor.status("a").activeTasks();
      return e;
    });

    assertThat(heard.join()).isInstanceOf(TaskTimeoutException.class);
    assertThat(activeWhenHeard[0]).as("the permit was back when the caller heard").isZero();
    assertThat(library).as("the library's future was failed too").isCompletedExceptionally();
  }

  @Test
  void afterTheDeadlineNoHttpCallStartsAndFailuresBecomeTaskTimeouts() {
    CallGovernor governor = governor(Duration.ofSeconds(5), null);
    Object token = governor.enter(site, null, "r");
    time.advanceMillis(5000);

    Object refusal = governor.httpCall(transport, new Object());
    assertThat(refusal).isInstanceOfSatisfying(TaskTimeoutException.class, e -> {
      assertThat(e.agentId()).isEqualTo("a");
      assertThat(e.timeout()).isEqualTo(Duration.ofSeconds(5));
    });
    assertThat(governor.httpCallFailed(new IOException("timeout"))).isInstanceOf(TaskTimeoutException.class);
    assertThat(governor.exit(token, null, new IOException("canceled"))).isInstanceOf(TaskTimeoutException.class);
  }

  @Test
  void aFailureBeforeTheDeadlineStaysWhatItIs() {
    CallGovernor governor = governor(Duration.ofSeconds(5), null);
    Object token = governor.enter(site, null, "r");
    time.advanceMillis(1000);
    assertThat(governor.httpCallFailed(new IOException("refused"))).isNull();
    assertThat(governor.exit(token, null, new IOException("refused"))).isNull();
  }

  @Test
  void theEarliestTimeoutOfTheScopesApplies() {
    CallGovernor governor = governor(Duration.ofSeconds(5), Duration.ofSeconds(2));
    Object token = governor.enter(site, null, "r");
    time.advanceMillis(2000);
    assertThat(governor.httpCall(transport, new Object())).isInstanceOfSatisfying(TaskTimeoutException.class,
        e -> assertThat(e.timeout()).isEqualTo(Duration.ofSeconds(2)));
    governor.exit(token, null, null);
  }

  @Test
  void withoutATimeoutNothingIsApplied() {
    CallGovernor governor = governor(null, null);
    Object token = governor.enter(site, null, "r");
    time.advanceMillis(3_600_000);
    assertThat(governor.httpCall(transport, new Object())).isNull();
    assertThat(deadlinesApplied).isEmpty();
    assertThat(governor.exit(token, null, new IOException("x"))).isNull();
  }
}

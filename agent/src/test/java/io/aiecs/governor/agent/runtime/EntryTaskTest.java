package io.aiecs.governor.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aiecs.governor.Limit;
import io.aiecs.governor.ResourceLimitExceededException;
import io.aiecs.governor.TaskTimeoutException;
import io.aiecs.governor.agent.attribution.AgentResolver;
import io.aiecs.governor.agent.config.AgentLimits;
import io.aiecs.governor.agent.config.RejectAs;
import io.aiecs.governor.agent.limits.AgentLimiter;
import io.aiecs.governor.agent.limits.FakeTimeSource;
import io.aiecs.governor.agent.usage.UsageShape;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Entry-point tasks: one slot for the whole invocation, every call inside charged to the task's agent. */
class EntryTaskTest {
  public record Usage(long totalTokens) {}

  public record Response(Optional<Usage> usage) {}

  private final FakeTimeSource time = new FakeTimeSource();
  private final CallSiteRegistry sites = new CallSiteRegistry();
  private final int site = sites.register("test", "chat", UsageShape.of("usage", null, null, "totalTokens", null, null));
  private final int researchEntry = sites.registerEntry("research");
  private final AgentLimiter research = new AgentLimiter("research", new AgentLimits(1, 1000, AgentLimits.UNLIMITED,
      1000, true, true, Duration.ofSeconds(1), AgentLimits.UNLIMITED, AgentLimits.UNLIMITED, AgentLimits.UNLIMITED,
      Duration.ofSeconds(10), AgentLimits.NO_THROTTLING, RejectAs.GOVERNOR), time);
  private final AgentLimiter fallback = new AgentLimiter("default", new AgentLimits(AgentLimits.UNLIMITED,
      AgentLimits.UNLIMITED, AgentLimits.UNLIMITED, AgentLimits.UNLIMITED, true, true, Duration.ofSeconds(1)), time);
  private final CallGovernor governor = governor();

  private CallGovernor governor() {
    Map<String, AgentLimiter> limiters = new LinkedHashMap<>();
    limiters.put("default", fallback);
    limiters.put("research", research);
    return new CallGovernor(limiters, null, new AgentResolver<>(List.of(), "default", limiters::get), sites, time,
        CallObserver.NOOP);
  }

  private static Response usage(long total) {
    return new Response(Optional.of(new Usage(total)));
  }

  @Test
  void callsInsideTheTaskShareItsSlotAndAreChargedToItsAgent() throws Exception {
    Object task = governor.enterTask(researchEntry);
    assertThat(research.status().activeTasks()).isEqualTo(1);

    // two calls in a row inside the task, though the agent allows one task at a time
    governor.exit(governor.enter(site, null, "r1"), usage(100), null);
    governor.exit(governor.enter(site, null, "r2"), usage(50), null);
    // a thread the task starts works for it too
    Thread helper = new Thread(() -> governor.exit(governor.enter(site, null, "r3"), usage(25), null));
    helper.start();
    helper.join();

    assertThat(research.status().totalTokens()).isEqualTo(175);
    assertThat(fallback.status().admittedCalls()).isZero();
    assertThat(governor.currentAgentId()).isEqualTo("research");
    assertThat(governor.exitTask(task, null)).isNull();
    assertThat(research.availablePermits()).isEqualTo(1);
    assertThat(research.status().activeTasks()).isZero();

    governor.exit(governor.enter(site, null, "after"), usage(1), null);
    assertThat(fallback.status().admittedCalls()).as("after the task: attribution as usual").isEqualTo(1);
  }

  @Test
  void anEntryPointReachedInsideARunningTaskIsPartOfThatTask() throws Exception {
    Object task = governor.enterTask(researchEntry);
    Object nested = governor.enterTask(researchEntry);
    Object[] fromChild = new Object[1];
    Thread child = new Thread(() -> fromChild[0] = governor.enterTask(researchEntry));
    child.start();
    child.join();

    assertThat(nested).isNotInstanceOf(TaskPermit.class);
    assertThat(fromChild[0]).as("a thread the task started inherits it").isNotInstanceOf(TaskPermit.class);
    assertThat(research.status().activeTasks()).isEqualTo(1);
    assertThat(governor.exitTask(nested, null)).isNull();
    assertThat(research.status().activeTasks()).as("the nested exit ends nothing").isEqualTo(1);
    governor.exitTask(task, null);
    assertThat(research.status().activeTasks()).isZero();
  }

  @Test
  void aThreadResumingTheTaskWorksForItAndIsLeftAsItWas() throws Exception {
    assertThat(governor.currentTask()).isNull();
    Object task = governor.enterTask(researchEntry);
    Object handed = governor.currentTask();
    assertThat(handed).isSameAs(task);
    governor.exitTask(task, null); // pretend the work runs after a hop to a thread that knows nothing of it
    Object reopened = governor.enterTask(researchEntry);

    Object[] before = new Object[1];
    Thread pool = new Thread(() -> {
      before[0] = governor.resumeTask(reopened);
      governor.exit(governor.enter(site, null, "on the pool"), usage(7), null);
      governor.resumeTask(before[0]);
      governor.exit(governor.enter(site, null, "after"), usage(1), null);
    });
    pool.start();
    pool.join();

    assertThat(before[0]).as("the pool thread inherited this thread's task when it was created").isSameAs(reopened);
    assertThat(research.status().totalTokens()).isEqualTo(8);
    governor.exitTask(reopened, null);
  }

  @Test
  void aSecondTaskWaitsForTheSlotOrIsRefused() throws Exception {
    Object first = runOnFreshThread(() -> governor.enterTask(researchEntry));
    assertThatThrownBy(() -> runOnFreshThread(() -> governor.enterTask(researchEntry)))
        .isInstanceOfSatisfying(ResourceLimitExceededException.class,
            e -> assertThat(e.limit()).isEqualTo(Limit.CONCURRENT_TASKS));
    ((TaskPermit) first).end();
    assertThat(research.availablePermits()).isEqualTo(1);
  }

  @Test
  void theTaskDeadlineBoundsTheCallsInsideIt() {
    Object task = governor.enterTask(researchEntry);
    time.advanceMillis(10_000);
    Object call = governor.enter(site, null, "late");
    assertThat(governor.httpCall(sites.registerTransport((c, d) -> true), new Object()))
        .isInstanceOf(TaskTimeoutException.class);
    assertThat(governor.exit(call, null, new IOException("cut"))).isInstanceOf(TaskTimeoutException.class);
    assertThat(governor.exitTask(task, new IllegalStateException("gave up"))).isInstanceOf(TaskTimeoutException.class);
  }

  private static Object runOnFreshThread(java.util.function.Supplier<Object> body) throws Exception {
    Object[] result = new Object[1];
    RuntimeException[] failure = new RuntimeException[1];
    Thread t = new Thread(() -> {
      try {
        result[0] = body.get();
      } catch (RuntimeException e) {
        failure[0] = e;
      }
    });
    t.start();
    t.join();
    if (failure[0] != null) {
      throw failure[0];
    }
    return result[0];
  }
}

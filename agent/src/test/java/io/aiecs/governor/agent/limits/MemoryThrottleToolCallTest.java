package io.aiecs.governor.agent.limits;

import static io.aiecs.governor.agent.limits.Limits.limits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aiecs.governor.Limit;
import io.aiecs.governor.ResourceLimitExceededException;
import io.aiecs.governor.ResourceStatus;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MemoryThrottleToolCallTest {
  private static final long MB = 1024 * 1024;
  private final FakeTimeSource time = new FakeTimeSource();
  private final AtomicLong heapAfterGc = new AtomicLong(-1);

  private AgentLimiter limiter(Limits l) {
    return new AgentLimiter("a1", l.build(), time, heapAfterGc::get);
  }

  @Test
  void heapAboveTheLimitAfterGcMakesResourcesUnavailable() {
    AgentLimiter limiter = limiter(limits().memoryMb(512).reject());
    heapAfterGc.set(400 * MB);
    limiter.release(limiter.acquire());
    assertThat(limiter.status().memoryUsedMb()).isEqualTo(400);
    assertThat(limiter.status().memoryLimitMb()).isEqualTo(512);

    heapAfterGc.set(600 * MB);
    ResourceStatus status = limiter.status();
    assertThat(status.available()).isFalse();
    assertThat(status.limitingFactor()).isEqualTo(Limit.MEMORY);
    assertThat(status.reason()).contains("600 MiB", "512 MiB");
    assertThatThrownBy(limiter::acquire)
        .isInstanceOfSatisfying(ResourceLimitExceededException.class, e -> assertThat(e.limit()).isEqualTo(Limit.MEMORY));
  }

  @Test
  void beforeTheFirstCollectionMemoryIsNotHeldAgainstAnyone() {
    AgentLimiter limiter = limiter(limits().memoryMb(1).reject());
    limiter.release(limiter.acquire());
    assertThat(limiter.status().memoryUsedMb()).isEqualTo(ResourceStatus.UNLIMITED);
  }

  @Test
  void waitModeWaitsForACollectionToFreeMemoryThenGivesUpAtTheDeadline() {
    AgentLimiter limiter = limiter(limits().memoryMb(512).waitTimeout(Duration.ofSeconds(2)));
    heapAfterGc.set(600 * MB);
    assertThatThrownBy(limiter::acquire).isInstanceOf(ResourceLimitExceededException.class);
    assertThat(time.sleptNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(2));

    // a collection that frees memory while the caller waits lets it in
    TimeSource freeingAfterAWhile = new TimeSource() {
      @Override
      public long nanoTime() {
        return time.nanoTime();
      }

      @Override
      public void sleepNanos(long nanos) {
        time.sleepNanos(nanos);
        heapAfterGc.set(100 * MB);
      }

      @Override
      public long awaitNanos(java.util.concurrent.locks.Condition condition, long nanos) {
        return time.awaitNanos(condition, nanos);
      }
    };
    heapAfterGc.set(600 * MB);
    AgentLimiter waiting = new AgentLimiter("a1", limits().memoryMb(512).waitTimeout(Duration.ofSeconds(2)).build(),
        freeingAfterAWhile, heapAfterGc::get);
    int admission = waiting.acquire();
    assertThat(Admission.waited(admission)).isTrue();
    assertThat(Admission.limit(admission)).isEqualTo(Limit.MEMORY);
    waiting.release(admission);
  }

  @Test
  void beyondTheThrottleThresholdAdmissionsAreSpacedByTheRefillRate() {
    // 600 per minute = 10 per second; calls cost 100 tokens each, so one call's worth refills in 10 s
    AgentLimiter limiter = limiter(limits().perMinute(600).throttle(0.5).reject());
    for (int i = 0; i < 3; i++) { // 300 of 600 used: at the threshold, not beyond it yet
      limiter.release(limiter.acquire());
      limiter.charge(-1, -1, 100, -1, -1);
    }
    assertThat(time.sleptNanos()).isZero();

    int first = limiter.acquire();
    int second = limiter.acquire();

    assertThat(Admission.throttled(first)).as("the first throttled call takes the current slot").isFalse();
    assertThat(Admission.throttled(second)).isTrue();
    assertThat(Admission.limit(first)).isNull();
    assertThat(Admission.limit(second)).isEqualTo(Limit.TOKENS_PER_MINUTE);
    assertThat(time.sleptNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(10));
    assertThat(limiter.status().throttledCalls()).isEqualTo(1);
    assertThat(limiter.status().rejectedCalls()).isZero();
  }

  @Test
  void aThrottleSlotBeyondTheWaitTimeoutIsRefused() {
    AgentLimiter limiter = limiter(limits().perMinute(600).throttle(0.1).waitTimeout(Duration.ofSeconds(5)));
    limiter.release(limiter.acquire());
    limiter.charge(-1, -1, 100, -1, -1);
    limiter.release(limiter.acquire()); // takes the current slot; the next one is 10 s away

    assertThatThrownBy(limiter::acquire)
        .isInstanceOfSatisfying(ResourceLimitExceededException.class,
            e -> assertThat(e.getMessage()).contains("throttled"));
  }

  @Test
  void toolCallsTakeOneUnitEachAndAreRefusedWhenTheBudgetIsSpent() {
    AgentLimiter limiter = limiter(limits().toolsPerMinute(2).reject());
    limiter.acquireToolCall(time.nanoTime());
    limiter.acquireToolCall(time.nanoTime());

    assertThatThrownBy(() -> limiter.acquireToolCall(time.nanoTime()))
        .isInstanceOfSatisfying(ResourceLimitExceededException.class, e -> {
          assertThat(e.limit()).isEqualTo(Limit.TOOL_CALLS_PER_MINUTE);
          assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30));
        });
    ResourceStatus status = limiter.status();
    assertThat(status.toolCalls()).isEqualTo(2);
    assertThat(status.toolCallsLeftPerMinute()).isZero();
    assertThat(status.available()).as("tool calls do not block LLM calls").isTrue();
  }

  @Test
  void toolCallsWaitForTheNextUnitAndHourlyBudgetsCountToo() {
    AgentLimiter limiter = limiter(limits().toolsPerMinute(60).toolsPerHour(61).waitTimeout(Duration.ofSeconds(5)));
    for (int i = 0; i < 60; i++) {
      limiter.acquireToolCall(time.nanoTime());
    }
    int admission = limiter.acquireToolCall(time.nanoTime());
    assertThat(Admission.waited(admission)).isTrue();
    assertThat(Admission.limit(admission)).isEqualTo(Limit.TOOL_CALLS_PER_MINUTE);
    assertThat(time.sleptNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(1));

    time.advanceMillis(10_000); // the minute window has 10 again; the hour one earned back a fifth of a call
    assertThatThrownBy(() -> limiter.acquireToolCall(time.nanoTime()))
        .isInstanceOfSatisfying(ResourceLimitExceededException.class,
            e -> assertThat(e.limit()).isEqualTo(Limit.TOOL_CALLS_PER_HOUR));
  }

  @Test
  void monitorModeCountsToolCallsBeyondTheBudget() {
    AgentLimiter limiter = limiter(limits().toolsPerMinute(1).monitor());
    limiter.acquireToolCall(time.nanoTime());
    int second = limiter.acquireToolCall(time.nanoTime());
    assertThat(Admission.wouldReject(second)).isTrue();
    assertThat(Admission.limit(second)).isEqualTo(Limit.TOOL_CALLS_PER_MINUTE);
    assertThat(limiter.status().toolCalls()).isEqualTo(2);
    assertThat(limiter.status().toolCallsLeftPerMinute()).isEqualTo(-1);
  }
}

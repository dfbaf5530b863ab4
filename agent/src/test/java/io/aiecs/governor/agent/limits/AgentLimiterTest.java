package io.aiecs.governor.agent.limits;

import static io.aiecs.governor.agent.limits.Limits.limits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aiecs.governor.Limit;
import io.aiecs.governor.ResourceLimitExceededException;
import io.aiecs.governor.ResourceStatus;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AgentLimiterTest {
  private final FakeTimeSource time = new FakeTimeSource();

  private AgentLimiter limiter(Limits l) {
    return new AgentLimiter("a1", l.build(), time);
  }

  private static void charge(AgentLimiter limiter, long total) {
    limiter.charge(-1, -1, total, -1, -1);
  }

  @Test
  void burstSizeIsTheCapacityAndRefillFollowsThePerMinuteRate() {
    AgentLimiter limiter = limiter(limits().perMinute(600).burst(100));
    assertThat(limiter.status().tokensLeftPerMinute()).isEqualTo(100);

    charge(limiter, 100);
    assertThat(limiter.status().available()).isFalse();
    assertThat(limiter.status().limitingFactor()).isEqualTo(Limit.TOKENS_PER_MINUTE);

    time.advanceMillis(1000); // 600 per minute = 10 per second
    assertThat(limiter.status().tokensLeftPerMinute()).isEqualTo(10);
    assertThat(limiter.status().available()).isTrue();

    time.advanceMillis(60_000);
    assertThat(limiter.status().tokensLeftPerMinute()).as("never above the burst size").isEqualTo(100);
  }

  @Test
  void burstDefaultsToThePerMinuteValue() {
    assertThat(limiter(limits().perMinute(600)).status().tokensLeftPerMinute()).isEqualTo(600);
  }

  @Test
  void actualUsageIsChargedAfterTheResponseAndMayGoIntoDebt() {
    AgentLimiter limiter = limiter(limits().perMinute(600).reject());
    limiter.release(limiter.acquire());
    charge(limiter, 1000);

    ResourceStatus status = limiter.status();
    assertThat(status.tokensLeftPerMinute()).isEqualTo(-400);
    assertThat(status.totalTokens()).isEqualTo(1000);
    // 401 tokens to earn back at 10 per second before the bucket is positive again
    assertThat(status.retryAfter()).isEqualTo(Duration.ofMillis(40_100));

    time.advanceMillis(40_000);
    assertThat(limiter.status().available()).isFalse();
    time.advanceMillis(100);
    assertThat(limiter.status().available()).isTrue();
  }

  @Test
  void rejectModeRefusesAtOnceNamingTheLimitAndTheRetryTime() {
    AgentLimiter limiter = limiter(limits().perMinute(600).reject());
    charge(limiter, 610);

    assertThatThrownBy(limiter::acquire)
        .isInstanceOfSatisfying(ResourceLimitExceededException.class, e -> {
          assertThat(e.agentId()).isEqualTo("a1");
          assertThat(e.limit()).isEqualTo(Limit.TOKENS_PER_MINUTE);
          assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(1100));
          assertThat(e.getMessage()).contains("a1", "max-tokens-per-minute");
        });
    assertThat(time.sleptNanos()).isZero();
    assertThat(limiter.status().rejectedCalls()).isEqualTo(1);
    assertThat(limiter.status().admittedCalls()).isZero();
  }

  @Test
  void waitModeDelaysTheCallByTheRefillTime() {
    AgentLimiter limiter = limiter(limits().perMinute(600).waitTimeout(Duration.ofSeconds(60)));
    charge(limiter, 650); // 51 tokens short: 5.1 s of refill

    int held = limiter.acquire();

    assertThat(time.sleptNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(5100));
    assertThat(Admission.waited(held)).isTrue();
    assertThat(Admission.limit(held)).as("the limit it waited for").isEqualTo(Limit.TOKENS_PER_MINUTE);
    assertThat(limiter.status().waitedCalls()).isEqualTo(1);
    assertThat(limiter.status().admittedCalls()).isEqualTo(1);
    limiter.release(held);
  }

  @Test
  void waitModeRejectsWhenTheRefillLiesBeyondTheWaitTimeout() {
    AgentLimiter limiter = limiter(limits().perMinute(600).waitTimeout(Duration.ofSeconds(5)));
    charge(limiter, 700); // 10.1 s of refill needed, only 5 s allowed

    assertThatThrownBy(limiter::acquire)
        .isInstanceOfSatisfying(ResourceLimitExceededException.class,
            e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(10_100)));
    assertThat(time.sleptNanos()).as("fails fast instead of waiting for nothing").isZero();
  }

  @Test
  void perHourWindowIsASecondBandwidthOfTheSameBucket() {
    AgentLimiter limiter = limiter(limits().perMinute(1000).perHour(1500).reject());
    charge(limiter, 900);
    time.advanceMillis(60_000); // the minute window is full again, the hour one is not
    charge(limiter, 700);

    ResourceStatus status = limiter.status();
    assertThat(status.tokensLeftPerMinute()).isEqualTo(300);
    assertThat(status.tokensLeftPerHour()).isLessThanOrEqualTo(0);
    assertThatThrownBy(limiter::acquire)
        .isInstanceOfSatisfying(ResourceLimitExceededException.class,
            e -> assertThat(e.limit()).isEqualTo(Limit.TOKENS_PER_HOUR));
  }

  @Test
  void perHourAloneLimitsTheHour() {
    AgentLimiter limiter = limiter(limits().perHour(100).reject());
    assertThat(limiter.status().tokensLeftPerMinute()).isEqualTo(ResourceStatus.UNLIMITED);
    charge(limiter, 100);
    assertThat(limiter.status().limitingFactor()).isEqualTo(Limit.TOKENS_PER_HOUR);
    time.advanceMillis(36_000); // 100 per hour = 1 per 36 s
    assertThat(limiter.status().available()).isTrue();
  }

  @Test
  void concurrencyRejectModeRefusesTheTaskBeyondTheLimit() {
    AgentLimiter limiter = limiter(limits().concurrency(2).reject());
    int a = limiter.acquire();
    int b = limiter.acquire();
    assertThat(limiter.status().activeTasks()).isEqualTo(2);
    assertThat(limiter.status().limitingFactor()).isEqualTo(Limit.CONCURRENT_TASKS);

    assertThatThrownBy(limiter::acquire)
        .isInstanceOfSatisfying(ResourceLimitExceededException.class,
            e -> assertThat(e.limit()).isEqualTo(Limit.CONCURRENT_TASKS));

    limiter.release(a);
    limiter.release(limiter.acquire());
    limiter.release(b);
    assertThat(limiter.availablePermits()).isEqualTo(2);
    assertThat(limiter.status().activeTasks()).isZero();
  }

  @Test
  void concurrencyWaitGivesUpAfterTheWaitTimeout() {
    AgentLimiter limiter = limiter(limits().concurrency(1).waitTimeout(Duration.ofSeconds(5)));
    int held = limiter.acquire();

    assertThatThrownBy(limiter::acquire)
        .isInstanceOfSatisfying(ResourceLimitExceededException.class,
            e -> assertThat(e.limit()).isEqualTo(Limit.CONCURRENT_TASKS));
    assertThat(time.sleptNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(5));
    assertThat(limiter.status().waitingTasks()).isZero();

    limiter.release(held);
    assertThat(limiter.availablePermits()).isEqualTo(1);
  }

  @Test
  void waitersAreServedInArrivalOrder() throws Exception {
    AgentLimiter limiter = new AgentLimiter("fair", limits().concurrency(1).build(), TimeSource.SYSTEM);
    int held = limiter.acquire();
    var order = new CopyOnWriteArrayList<String>();
    var done = new CountDownLatch(3);
    Thread[] waiters = new Thread[3];
    for (int i = 0; i < waiters.length; i++) {
      String name = "waiter-" + i;
      waiters[i] = new Thread(() -> {
        int h = limiter.acquire();
        if (Admission.limit(h) == Limit.CONCURRENT_TASKS) {
          order.add(name);
        }
        limiter.release(h);
        done.countDown();
      }, name);
      waiters[i].start();
      awaitWaiting(limiter, i + 1);
    }
    limiter.release(held);
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(order).containsExactly("waiter-0", "waiter-1", "waiter-2");
    assertThat(limiter.status().waitedCalls()).isEqualTo(3);
    assertThat(limiter.availablePermits()).isEqualTo(1);
  }

  private static void awaitWaiting(AgentLimiter limiter, int n) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (limiter.status().waitingTasks() < n) {
      assertThat(System.nanoTime()).as("waiter %d queued in time", n).isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  @Test
  void monitorModeAdmitsEverythingButCountsWhatItWouldHaveRejected() {
    AgentLimiter limiter = limiter(limits().perMinute(100).concurrency(1).monitor());
    charge(limiter, 500);

    int a = limiter.acquire();
    int b = limiter.acquire();
    assertThat(Admission.limit(a)).as("the budget decides before the gate").isEqualTo(Limit.TOKENS_PER_MINUTE);

    ResourceStatus status = limiter.status();
    assertThat(status.enforcing()).isFalse();
    assertThat(status.admittedCalls()).isEqualTo(2);
    assertThat(status.wouldRejectCalls()).isEqualTo(2);
    assertThat(status.rejectedCalls()).isZero();
    assertThat(status.activeTasks()).isEqualTo(2);
    assertThat(time.sleptNanos()).isZero();
    limiter.release(a);
    limiter.release(b);
    assertThat(limiter.availablePermits()).as("monitor mode takes no permits").isEqualTo(1);
  }

  @Test
  void monitorModeCountsConcurrencyOverrunsOnTheirOwn() {
    AgentLimiter limiter = limiter(limits().concurrency(1).monitor());
    int a = limiter.acquire();
    int b = limiter.acquire();
    assertThat(Admission.wouldReject(a)).isFalse();
    assertThat(Admission.wouldReject(b)).as("the second task exceeds max-concurrent-tasks=1").isTrue();
    assertThat(Admission.limit(a)).isNull();
    assertThat(Admission.limit(b)).isEqualTo(Limit.CONCURRENT_TASKS);
    assertThat(limiter.status().wouldRejectCalls()).isEqualTo(1);
    limiter.release(a);
    limiter.release(b);
    assertThat(limiter.status().activeTasks()).isZero();
  }

  @Test
  void chargesFallBackToInputPlusOutputWhenNoTotalIsReported() {
    AgentLimiter limiter = limiter(limits().perMinute(1000));
    limiter.charge(30, 12, -1, 10, 4);
    ResourceStatus status = limiter.status();
    assertThat(status.inputTokens()).isEqualTo(30);
    assertThat(status.outputTokens()).isEqualTo(12);
    assertThat(status.totalTokens()).isEqualTo(42);
    assertThat(status.tokensLeftPerMinute()).isEqualTo(958);
    assertThat(limiter.cachedTokens()).isEqualTo(10);
    assertThat(limiter.reasoningTokens()).isEqualTo(4);
  }

  @Test
  void unlimitedAgentOnlyCounts() {
    AgentLimiter limiter = limiter(limits());
    for (int i = 0; i < 100; i++) {
      limiter.acquire();
    }
    ResourceStatus status = limiter.status();
    assertThat(status.available()).isTrue();
    assertThat(status.activeTasks()).isEqualTo(100);
    assertThat(status.maxConcurrentTasks()).isEqualTo(ResourceStatus.UNLIMITED);
  }

  @Test
  void loweringTheConcurrencyLimitLetsInFlightTasksFinishAndAdmitsByTheNewOne() {
    AgentLimiter limiter = limiter(limits().concurrency(3).reject());
    int a = limiter.acquire();
    int b = limiter.acquire();
    int c = limiter.acquire();

    limiter.reconfigure(limits().concurrency(1).reject().build());
    assertThat(limiter.status().maxConcurrentTasks()).isEqualTo(1);
    limiter.release(a);
    limiter.release(b);
    assertThatThrownBy(limiter::acquire).as("one task still runs: the new limit is reached")
        .isInstanceOf(ResourceLimitExceededException.class);
    limiter.release(c);
    limiter.release(limiter.acquire());
    assertThat(limiter.availablePermits()).isEqualTo(1);

    limiter.reconfigure(limits().concurrency(4).reject().build());
    assertThat(limiter.availablePermits()).isEqualTo(4);
    limiter.reconfigure(limits().reject().build());
    assertThat(limiter.availablePermits()).isEqualTo(-1);
    for (int i = 0; i < 10; i++) {
      limiter.acquire();
    }
  }

  @Test
  void changingTheTokenLimitsKeepsWhatIsOwed() {
    AgentLimiter limiter = limiter(limits().perMinute(1000).reject());
    charge(limiter, 1200);
    assertThat(limiter.status().tokensLeftPerMinute()).isEqualTo(-200);

    limiter.reconfigure(limits().perMinute(6000).perHour(50_000).reject().build());
    assertThat(limiter.status().tokensLeftPerMinute()).as("debt carries over").isEqualTo(-200);
    assertThat(limiter.status().tokensLeftPerHour()).as("a new window starts full").isEqualTo(50_000);
    time.advanceMillis(2010); // 6000 per minute = 100 per second
    assertThat(limiter.status().available()).isTrue();

    limiter.reconfigure(limits().reject().build());
    assertThat(limiter.status().tokensLeftPerMinute()).isEqualTo(ResourceStatus.UNLIMITED);
    charge(limiter, 1_000_000);
    assertThat(limiter.status().available()).isTrue();

    limiter.reconfigure(limits().perMinute(100).reject().build());
    assertThat(limiter.status().tokensLeftPerMinute()).isEqualTo(100);
  }
}

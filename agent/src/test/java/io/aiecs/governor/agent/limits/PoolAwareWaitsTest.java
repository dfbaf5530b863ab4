package io.aiecs.governor.agent.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The system clock's refill wait on a pool's worker: the pool runs its other work meanwhile (the permit wait is in
 * {@link ConcurrencyGateTest}). The sleep is far longer than any passing run; the pool is stopped after.
 */
class PoolAwareWaitsTest {
  @Test
  void aRefillWaitOnTheOnlyWorkerLetsThePoolRunTheTasksQueuedBehindIt() throws Exception {
    ForkJoinPool pool = new ForkJoinPool(1);
    try {
      CountDownLatch sleeping = new CountDownLatch(1);
      pool.submit(() -> {
        sleeping.countDown();
        TimeSource.SYSTEM.sleepNanos(TimeUnit.SECONDS.toNanos(60));
        return null;
      });
      assertThat(sleeping.await(10, TimeUnit.SECONDS)).isTrue();
      Future<String> queued = pool.submit(() -> "ran");

      assertThat(queued.get(10, TimeUnit.SECONDS)).as("ran on a spare worker during the wait").isEqualTo("ran");
    } finally {
      pool.shutdownNow();
    }
  }
}

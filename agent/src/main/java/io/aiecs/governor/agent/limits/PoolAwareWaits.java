package io.aiecs.governor.agent.limits;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;

/**
 * The system clock's waits, told to the {@link ForkJoinPool} when the waiting thread is one of its workers.
 *
 * <p>A governed call may wait for a permit on a pool's worker: an async client continues its work in
 * {@code CompletableFuture} stages, which run on the common pool (from JDK 25 even where its parallelism is 1).
 * The call holding the permit may need a stage on that same pool to finish and give the permit back. If every
 * worker is blocked in a wait, that stage never runs, and the waiters hold until their wait timeout. Waiting through
 * {@link ForkJoinPool#managedBlock} lets the pool start a spare worker meanwhile, as the JDK's own blocking waits
 * ({@code CompletableFuture.get}, {@code Phaser}) do. Other threads, virtual ones included, wait as before.
 */
final class PoolAwareWaits {
  private PoolAwareWaits() {}

  static long awaitNanos(Condition condition, long nanos) throws InterruptedException {
    if (!(Thread.currentThread() instanceof ForkJoinWorkerThread)) {
      return condition.awaitNanos(nanos);
    }
    ConditionWait wait = new ConditionWait(condition, nanos);
    ForkJoinPool.managedBlock(wait);
    return wait.remaining;
  }

  static void sleepNanos(long nanos) throws InterruptedException {
    if (!(Thread.currentThread() instanceof ForkJoinWorkerThread)) {
      TimeUnit.NANOSECONDS.sleep(nanos);
      return;
    }
    ForkJoinPool.managedBlock(new Sleep(nanos));
  }

  /** One wait on a condition (its lock held by this thread); the caller loops and re-checks as before. */
  private static final class ConditionWait implements ForkJoinPool.ManagedBlocker {
    private final Condition condition;
    private long remaining;
    private boolean done;

    ConditionWait(Condition condition, long nanos) {
      this.condition = condition;
      this.remaining = nanos;
    }

    @Override
    public boolean block() throws InterruptedException {
      remaining = condition.awaitNanos(remaining);
      done = true;
      return true;
    }

    @Override
    public boolean isReleasable() {
      return done;
    }
  }

  private static final class Sleep implements ForkJoinPool.ManagedBlocker {
    private final long nanos;
    private boolean done;

    Sleep(long nanos) {
      this.nanos = nanos;
    }

    @Override
    public boolean block() throws InterruptedException {
      TimeUnit.NANOSECONDS.sleep(nanos);
      done = true;
      return true;
    }

    @Override
    public boolean isReleasable() {
      return done;
    }
  }
}

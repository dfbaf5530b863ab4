package io.aiecs.governor.agent.limits;

import java.util.concurrent.locks.Condition;

/**
 * Time as the limits engine sees it: a monotonic clock and the two ways it waits. Injected so that every
 * time-dependent rule (refill, debt, wait timeouts) is tested with a fake clock rather than with sleeps.
 *
 * <p>The system implementation waits with {@code java.util.concurrent} primitives only, so a waiting virtual
 * thread unmounts instead of pinning its carrier, and on a {@code ForkJoinPool}'s worker it tells the pool, which
 * may start a spare worker meanwhile ({@link PoolAwareWaits}).
 */
public interface TimeSource {
  long nanoTime();

  /** Waits for {@code nanos} (refill of a token budget). */
  void sleepNanos(long nanos) throws InterruptedException;

  /**
   * Waits on {@code condition} (its lock held) until signalled or {@code nanos} have passed; returns the time
   * left, {@code <= 0} when it ran out, as {@link Condition#awaitNanos(long)}.
   */
  long awaitNanos(Condition condition, long nanos) throws InterruptedException;

  TimeSource SYSTEM = new TimeSource() {
    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public void sleepNanos(long nanos) throws InterruptedException {
      PoolAwareWaits.sleepNanos(nanos);
    }

    @Override
    public long awaitNanos(Condition condition, long nanos) throws InterruptedException {
      return PoolAwareWaits.awaitNanos(condition, nanos);
    }
  };
}

package io.aiecs.governor.agent.limits;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Time as the limits engine sees it: a monotonic clock and the two ways it waits. Injected so that every
 * time-dependent rule (refill, debt, wait timeouts) is tested with a fake clock rather than with sleeps.
 *
 * <p>The system implementation waits with {@code java.util.concurrent} primitives only, so a waiting virtual
 * thread unmounts instead of pinning its carrier.
 */
public interface TimeSource {
  long nanoTime();

  /** Waits for {@code nanos} (refill of a token budget). */
  void sleepNanos(long nanos) throws InterruptedException;

  /** Takes a permit from {@code semaphore}, waiting up to {@code nanos} for one, in the semaphore's fair order. */
  boolean tryAcquire(Semaphore semaphore, long nanos) throws InterruptedException;

  TimeSource SYSTEM = new TimeSource() {
    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public void sleepNanos(long nanos) throws InterruptedException {
      TimeUnit.NANOSECONDS.sleep(nanos);
    }

    @Override
    public boolean tryAcquire(Semaphore semaphore, long nanos) throws InterruptedException {
      return semaphore.tryAcquire(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }
  };
}

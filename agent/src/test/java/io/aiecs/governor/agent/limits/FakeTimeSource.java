package io.aiecs.governor.agent.limits;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that only moves when told to, or when the code under test waits (then it jumps, and returns at once). */
public final class FakeTimeSource implements TimeSource {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final AtomicLong slept = new AtomicLong();

  @Override
  public long nanoTime() {
    return now.get();
  }

  @Override
  public void sleepNanos(long nanos) {
    slept.addAndGet(nanos);
    now.addAndGet(nanos);
  }

  @Override
  public boolean tryAcquire(Semaphore semaphore, long nanos) {
    if (semaphore.tryAcquire()) {
      return true;
    }
    sleepNanos(Math.max(0, nanos));
    return semaphore.tryAcquire();
  }

  public void advanceMillis(long millis) {
    now.addAndGet(millis * 1_000_000L);
  }

  /** Total time the code under test spent waiting. */
  public long sleptNanos() {
    return slept.get();
  }
}

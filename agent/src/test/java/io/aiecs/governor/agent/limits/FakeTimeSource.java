package io.aiecs.governor.agent.limits;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;

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
  public long awaitNanos(Condition condition, long nanos) {
    sleepNanos(Math.max(0, nanos)); // nobody signals in time: the whole wait passes
    return 0;
  }

  public void advanceMillis(long millis) {
    now.addAndGet(millis * 1_000_000L);
  }

  /** Total time the code under test spent waiting. */
  public long sleptNanos() {
    return slept.get();
  }
}

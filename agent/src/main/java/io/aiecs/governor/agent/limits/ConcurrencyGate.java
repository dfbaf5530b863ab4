package io.aiecs.governor.agent.limits;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the tasks of an agent running at once: a fair semaphore (waiters are served first come, first served,
 * like Resilience4j's Bulkhead with fair call handling). Without a limit it only counts.
 */
public final class ConcurrencyGate {
  private final Semaphore permits;
  private final int max;
  private final AtomicInteger active = new AtomicInteger();

  public ConcurrencyGate(int max) {
    this.max = max;
    this.permits = max > 0 ? new Semaphore(max, true) : null;
  }

  /** Enters without waiting; false when full. Honours fairness: never barges ahead of a waiting caller. */
  public boolean tryEnter() {
    if (permits != null && !acquireFairlyNow()) {
      return false;
    }
    active.incrementAndGet();
    return true;
  }

  private boolean acquireFairlyNow() {
    try {
      // tryAcquire() would barge; the timed form with 0 respects the queue.
      return permits.tryAcquire(0, java.util.concurrent.TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Enters, waiting up to {@code nanos} for a running task to finish. */
  public boolean enter(long nanos, TimeSource time) throws InterruptedException {
    if (permits != null && !time.tryAcquire(permits, nanos)) {
      return false;
    }
    active.incrementAndGet();
    return true;
  }

  /** Counts a task in without taking a permit: monitor mode lets everything through but still reports. */
  public void enterUnchecked() {
    active.incrementAndGet();
  }

  /** Whether a permit could be had now; for monitor mode's "would have rejected" and for status. */
  public boolean full() {
    return permits != null && permits.availablePermits() <= 0;
  }

  /**
   * Whether as many tasks run as the limit allows. Unlike {@link #full()} this counts the tasks let in without
   * a permit too: monitor mode asks it, where no permit is ever taken.
   */
  public boolean atLimit() {
    return max > 0 && active.get() >= max;
  }

  public void exit(boolean heldPermit) {
    active.decrementAndGet();
    if (heldPermit && permits != null) {
      permits.release();
    }
  }

  public int active() {
    return active.get();
  }

  /** Permits free now; equals the configured maximum at rest. {@code -1} when unlimited. */
  public int availablePermits() {
    return permits == null ? -1 : permits.availablePermits();
  }

  public int max() {
    return max;
  }
}

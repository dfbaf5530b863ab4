package io.aiecs.governor.agent.limits;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the tasks of an agent running at once: a fair semaphore (waiters are served first come, first served,
 * like Resilience4j's Bulkhead with fair call handling). Without a limit it only counts.
 *
 * <p>The limit can change at run time: tasks in flight keep their permits and give them back to the same
 * semaphore; new tasks see the new limit (a lowered limit admits nobody until enough tasks have finished).
 *
 * <p>The tasks holding a permit are counted by the semaphore itself (its size less the permits free), so that
 * entering and leaving cost one atomic operation each, as a semaphore alone would.
 */
public final class ConcurrencyGate {
  /** Permits of an unlimited gate: far more than threads can ever hold at once. */
  private static final int UNLIMITED_PERMITS = Integer.MAX_VALUE / 4;

  private final ResizableSemaphore permits;
  /** Tasks counted in without a permit (monitor mode). */
  private final AtomicInteger unchecked = new AtomicInteger();
  private volatile int max;

  public ConcurrencyGate(int max) {
    this.max = max;
    this.permits = new ResizableSemaphore(capacity(max));
  }

  private static int capacity(int max) {
    return max > 0 ? max : UNLIMITED_PERMITS;
  }

  /** Enters without waiting; false when full. Honours fairness: never barges ahead of a waiting caller. */
  public boolean tryEnter() {
    try {
      // tryAcquire() would barge; the timed form with 0 respects the queue.
      return permits.tryAcquire(0, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Enters, waiting up to {@code nanos} for a running task to finish. */
  public boolean enter(long nanos, TimeSource time) throws InterruptedException {
    return time.tryAcquire(permits, nanos);
  }

  /** Counts a task in without taking a permit: monitor mode lets everything through but still reports. */
  public void enterUnchecked() {
    unchecked.incrementAndGet();
  }

  /** Whether no permit could be had now; for monitor mode's "would have rejected" and for status. */
  public boolean full() {
    return max > 0 && permits.availablePermits() <= 0;
  }

  /**
   * Whether as many tasks run as the limit allows. Unlike {@link #full()} this counts the tasks let in without
   * a permit too: monitor mode asks it, where no permit is ever taken.
   */
  public boolean atLimit() {
    return max > 0 && active() >= max;
  }

  public void exit(boolean heldPermit) {
    if (heldPermit) {
      permits.release();
    } else {
      unchecked.decrementAndGet();
    }
  }

  /** Changes the limit; {@code newMax <= 0} means unlimited. */
  public synchronized void resize(int newMax) {
    int delta = capacity(newMax) - capacity(max);
    if (delta > 0) {
      permits.release(delta);
    } else if (delta < 0) {
      permits.reduce(-delta);
    }
    max = newMax;
  }

  /** Tasks running: those holding a permit and those counted in without one. */
  public int active() {
    // a resize in progress can make the permits held read a little off for a moment; never below zero
    return Math.max(0, capacity(max) - permits.availablePermits()) + unchecked.get();
  }

  /** Permits free now; equals the configured maximum at rest. {@code -1} when unlimited. */
  public int availablePermits() {
    return max > 0 ? permits.availablePermits() : -1;
  }

  /** The limit, or a value {@code <= 0} when unlimited. */
  public int max() {
    return max;
  }

  /** A semaphore whose size can shrink as well as grow. */
  private static final class ResizableSemaphore extends Semaphore {
    private static final long serialVersionUID = 1L;

    ResizableSemaphore(int permits) {
      super(permits, true);
    }

    void reduce(int n) {
      reducePermits(n);
    }
  }
}

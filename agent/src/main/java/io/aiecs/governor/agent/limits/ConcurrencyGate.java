package io.aiecs.governor.agent.limits;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bounds the tasks of an agent running at once. Fair: while callers wait, newcomers queue behind them, and the
 * waiters are served first come, first served (like Resilience4j's Bulkhead with fair call handling). Without a
 * limit it only counts.
 *
 * <p>Entering and leaving are one atomic add each on a counter of the permits held, alone on its cache line:
 * an entry adds first and gives back if that went over the limit (as Hystrix's semaphore isolation does), so it
 * never has to read the line before writing it or retry a lost compare-and-set, which is what a
 * {@link java.util.concurrent.Semaphore} does and what, under many threads on few cores, made its cost swing
 * between two levels from one second to the next. The limit is never exceeded: an entry past it is undone before
 * it returns. The price: a caller that finds the gate full in the instant another is undoing its own entry past
 * the limit is refused even if a task has just finished; both came to a gate that was full a moment before.
 *
 * <p>Waiting callers queue under a lock, each on a condition of its own; only the first may take a permit, and a
 * task leaving looks at the queue only when somebody is in it. Waits use {@code java.util.concurrent} locks, so a
 * waiting virtual thread unmounts.
 *
 * <p>The limit can change at run time: tasks in flight keep their permits; new tasks see the new limit (a
 * lowered limit admits nobody until enough tasks have finished).
 */
public final class ConcurrencyGate {
  /** Permits held: tasks running with one, plus, for an instant, entries being undone. */
  private final ContendedLong held = new ContendedLong(0);
  /** Tasks counted in without a permit (monitor mode). */
  private final AtomicInteger unchecked = new AtomicInteger();
  private final ReentrantLock lock = new ReentrantLock();
  /** Guarded by {@link #lock}: the waiters' conditions, first come first. */
  private final ArrayDeque<Condition> queue = new ArrayDeque<>();
  /** The queue's length, read without the lock by entries (fairness) and exits (whom to wake). */
  private volatile int waiting;
  private volatile int max;

  public ConcurrencyGate(int max) {
    this.max = max;
  }

  /** Enters without waiting; false when full. Never barges ahead of a waiting caller. */
  public boolean tryEnter() {
    return waiting == 0 && take();
  }

  /** Enters, waiting up to {@code nanos} for a running task to finish. */
  public boolean enter(long nanos, TimeSource time) throws InterruptedException {
    if (tryEnter()) {
      return true;
    }
    Condition turn;
    lock.lock();
    try {
      turn = lock.newCondition();
      queue.addLast(turn);
      waiting = queue.size(); // before the take below: an exit that misses it has already left room for it
      boolean entered = false;
      try {
        long remaining = nanos;
        while (!(entered = queue.peekFirst() == turn && take()) && remaining > 0) {
          remaining = time.awaitNanos(turn, remaining);
        }
        return entered;
      } finally {
        queue.remove(turn);
        waiting = queue.size();
        wakeFirst(); // a permit this waiter was woken for, and did not take, goes to the next
      }
    } finally {
      lock.unlock();
    }
  }

  /** One permit if the limit allows; one atomic add, and a second to undo it past the limit. */
  private boolean take() {
    int limit = max;
    long now = held.addAndGet(1);
    if (limit <= 0 || now <= limit) {
      return true;
    }
    leave();
    return false;
  }

  /** Counts a task in without taking a permit: monitor mode lets everything through but still reports. */
  public void enterUnchecked() {
    unchecked.incrementAndGet();
  }

  /** Whether no permit could be had now; for monitor mode's "would have rejected" and for status. */
  public boolean full() {
    int limit = max;
    return limit > 0 && held.get() >= limit;
  }

  /**
   * Whether as many tasks run as the limit allows. Unlike {@link #full()} this counts the tasks let in without
   * a permit too: monitor mode asks it, where no permit is ever taken.
   */
  public boolean atLimit() {
    int limit = max;
    return limit > 0 && active() >= limit;
  }

  public void exit(boolean heldPermit) {
    if (heldPermit) {
      leave();
    } else {
      unchecked.decrementAndGet();
    }
  }

  private void leave() {
    held.addAndGet(-1);
    wakeWaiting();
  }

  /** Wakes the first waiter, if any; the lock only when somebody waits. */
  private void wakeWaiting() {
    if (waiting != 0) {
      lock.lock();
      try {
        wakeFirst();
      } finally {
        lock.unlock();
      }
    }
  }

  /** Under the lock: wakes the first waiter if there is room for it. */
  private void wakeFirst() {
    Condition first = queue.peekFirst();
    int limit = max;
    if (first != null && (limit <= 0 || held.get() < limit)) {
      first.signal();
    }
  }

  /** Changes the limit; {@code newMax <= 0} means unlimited. */
  public void resize(int newMax) {
    max = newMax;
    wakeWaiting();
  }

  /** Tasks running: those holding a permit and those counted in without one. */
  public int active() {
    return (int) Math.max(0, held.get()) + unchecked.get();
  }

  /** Permits free now; equals the configured maximum at rest. {@code -1} when unlimited. */
  public int availablePermits() {
    int limit = max;
    return limit > 0 ? (int) Math.max(0, limit - held.get()) : -1;
  }

  /** Callers queued for a permit. */
  int waiting() {
    return waiting;
  }

  /** The limit, or a value {@code <= 0} when unlimited. */
  public int max() {
    return max;
  }
}

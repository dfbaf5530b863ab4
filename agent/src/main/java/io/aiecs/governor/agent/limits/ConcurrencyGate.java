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
 * <p>The permits free are one count, alone on its cache line, not a {@link java.util.concurrent.Semaphore}, whose
 * read, compare-and-set and retry of a lost race made its cost under many threads on few cores swing between two
 * levels from one second to the next. An entry never retries a lost race: under a small limit it is one add, given
 * back if it went below zero (as Hystrix's semaphore isolation does); under a larger one a compare-and-set until
 * the first one is lost ({@link java.util.concurrent.atomic.LongAdder}'s rule), and from then on, while more than
 * half the permits are free and nobody waits, threads hold a few in {@link Leases} (a quarter of the limit across
 * all cells; none for limits under 4 a cell) and enter and leave on a line of their own. Before the gate refuses
 * anyone it takes the leases back, so a refusal means no permit was free anywhere.
 *
 * <p>The limit is never exceeded: an entry past it is undone before it returns. The price: a caller that finds
 * the gate full in the instant another is undoing its own entry past the limit is refused even if a task has
 * just finished; both came to a gate that was full a moment before.
 *
 * <p>Waiting callers queue under a lock, each on a condition of its own; only the first may take a permit, and
 * a task leaving looks at the queue only when somebody is in it. Waits use {@code java.util.concurrent} locks,
 * so a waiting virtual thread unmounts.
 *
 * <p>The limit can change at run time: tasks in flight keep their permits; new tasks see the new limit (a
 * lowered limit admits nobody until enough tasks have finished).
 */
public final class ConcurrencyGate {
  /** Permits of an unlimited gate: far more than threads can ever hold at once. */
  private static final long UNLIMITED_PERMITS = 1L << 40;

  /** Permits neither held nor leased; below zero after a lowered limit until enough tasks have finished. */
  private final ContendedLong free;
  private final Leases leases = new Leases();
  /** Tasks counted in without a permit (monitor mode). */
  private final AtomicInteger unchecked = new AtomicInteger();
  private final ReentrantLock lock = new ReentrantLock();
  /** Guarded by {@link #lock}: the waiters' conditions, first come first. */
  private final ArrayDeque<Condition> queue = new ArrayDeque<>();
  /** The queue's length, read without the lock by entries (fairness) and exits (whom to wake). */
  private volatile int waiting;
  private volatile Size size;
  /** Whether entries have collided on the free count: from then on they use leases. */
  private volatile boolean contended;

  /**
   * The limit ({@code <= 0}: none), the permits it makes, a thread's lease (0: none) and the free count below
   * which no lease is handed out.
   */
  private record Size(int max, long permits, long lease, long leaseFloor) {
    static Size of(int max) {
      long permits = max > 0 ? max : UNLIMITED_PERMITS;
      return new Size(max, permits, permits / (4L * StripedCells.COUNT), permits / 2);
    }
  }

  public ConcurrencyGate(int max) {
    this.size = Size.of(max);
    this.free = new ContendedLong(size.permits());
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
    lock.lock();
    try {
      Condition turn = lock.newCondition();
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

  /**
   * One permit. Small limits: from the free count. Others: until entries collide, one compare-and-set on the
   * free count; after, from the thread's lease, else from the free count, else, the leases taken back, from that.
   */
  private boolean take() {
    Size s = size;
    if (s.lease() > 0) {
      if (!contended) {
        long f = free.get();
        if (f <= 0) {
          return false; // no leases before the first collision: full
        }
        if (free.compareAndSet(f, f - 1)) {
          return true;
        }
        contended = true;
      }
      Leases.Cell cell = leases.cell();
      if (cell.tryDraw(1) || (free.get() > s.leaseFloor() && topUp(cell))) {
        return true;
      }
    }
    if (free.addAndGet(-1) >= 0) {
      return true;
    }
    giveBack();
    // leases out, or (under a limit too small for them) permits exits left in cells under a larger one
    return contended && takeReclaiming();
  }

  /**
   * This entry's permit and a lease for the thread's cell, out of the free count before the cell has them; false
   * when the lock is busy or the permits are not there. Under the lock, as every taking back of the leases is, so
   * that no lease sized for a limit a resize has just lowered can reach a cell after the resize took the leases
   * back (that cell would then admit past the new limit). Rare: a thread's exits refill its own lease.
   */
  private boolean topUp(Leases.Cell cell) {
    if (!lock.tryLock()) {
      return false;
    }
    try {
      long lease = size.lease();
      if (free.addAndGet(-(lease + 1)) >= 0) {
        cell.add(lease);
        return true;
      }
      free.addAndGet(lease + 1);
      return false;
    } finally {
      lock.unlock();
    }
  }

  /** Under the lock: the leases back into the free count, then one permit from it if there is one. */
  private boolean takeReclaiming() {
    lock.lock();
    try {
      reclaim();
      if (free.addAndGet(-1) >= 0) {
        return true;
      }
      giveBack();
      return false;
    } finally {
      lock.unlock();
    }
  }

  private void reclaim() {
    long leased = leases.reclaim();
    if (leased != 0) {
      free.addAndGet(leased);
    }
  }

  /** Counts a task in without taking a permit: monitor mode lets everything through but still reports. */
  public void enterUnchecked() {
    unchecked.incrementAndGet();
  }

  /** Whether no permit could be had now; for monitor mode's "would have rejected" and for status. */
  public boolean full() {
    return size.max() > 0 && free.get() + leases.held() <= 0;
  }

  /**
   * Whether as many tasks run as the limit allows. Unlike {@link #full()} this counts the tasks let in without
   * a permit too: monitor mode asks it, where no permit is ever taken.
   */
  public boolean atLimit() {
    int limit = size.max();
    return limit > 0 && active() >= limit;
  }

  public void exit(boolean heldPermit) {
    if (!heldPermit) {
      unchecked.decrementAndGet();
      return;
    }
    Size s = size;
    if (s.lease() > 0 && contended && waiting == 0 && free.get() > s.leaseFloor()) {
      Leases.Cell cell = leases.cell();
      if (cell.get() < s.lease()) {
        cell.add(1);
        if (waiting != 0) {
          // a caller queued meanwhile, and may have taken the leases back before this one arrived
          reclaimAndWake();
        }
        return;
      }
    }
    giveBack();
  }

  /** A permit back to the free count; the first waiter woken if there is one. */
  private void giveBack() {
    free.addAndGet(1);
    if (waiting != 0) {
      lock.lock();
      try {
        wakeFirst();
      } finally {
        lock.unlock();
      }
    }
  }

  private void reclaimAndWake() {
    lock.lock();
    try {
      reclaim();
      wakeFirst();
    } finally {
      lock.unlock();
    }
  }

  /** Under the lock: wakes the first waiter if there is room for it. */
  private void wakeFirst() {
    Condition first = queue.peekFirst();
    if (first != null && free.get() + leases.held() > 0) {
      first.signal();
    }
  }

  /** Changes the limit; {@code newMax <= 0} means unlimited. */
  public void resize(int newMax) {
    lock.lock();
    try {
      Size old = size;
      Size next = Size.of(newMax);
      size = next;
      reclaim(); // leases were sized for the old limit
      free.addAndGet(next.permits() - old.permits());
      wakeFirst();
    } finally {
      lock.unlock();
    }
  }

  /** Tasks running: those holding a permit and those counted in without one. */
  public int active() {
    long held = size.permits() - free.get() - leases.held();
    return (int) Math.max(0, held) + unchecked.get();
  }

  /** Permits free now; equals the configured maximum at rest. {@code -1} when unlimited. */
  public int availablePermits() {
    Size s = size;
    return s.max() > 0 ? (int) Math.max(0, free.get() + leases.held()) : -1;
  }

  /** From now on entries use leases, as if two had collided on the free count. For tests. */
  void assumeContended() {
    contended = true;
  }

  /** The free count alone, without the leases. For tests. */
  long sharedFree() {
    return free.get();
  }

  /** Callers queued for a permit. */
  int waiting() {
    return waiting;
  }

  /** The limit, or a value {@code <= 0} when unlimited. */
  public int max() {
    return size.max();
  }
}

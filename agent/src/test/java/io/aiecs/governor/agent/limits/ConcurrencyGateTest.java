package io.aiecs.governor.agent.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The gate's counter (an add, undone past the limit) and its queue of waiters. Waits here run on the system
 * clock with timeouts no passing run reaches; the tests wait for the gate's own state, never for time.
 */
class ConcurrencyGateTest {
  private static final long LONG_WAIT = TimeUnit.SECONDS.toNanos(30);

  @Test
  void anEntryPastTheLimitIsUndoneSoNothingLeaks() {
    ConcurrencyGate gate = new ConcurrencyGate(2);
    assertThat(gate.tryEnter()).isTrue();
    assertThat(gate.tryEnter()).isTrue();
    assertThat(gate.tryEnter()).isFalse();
    assertThat(gate.full()).isTrue();
    assertThat(gate.active()).isEqualTo(2);

    gate.exit(true);
    assertThat(gate.availablePermits()).isEqualTo(1);
    gate.exit(true);
    assertThat(gate.availablePermits()).isEqualTo(2);
  }

  /**
   * An async client's next call waits on the pool's only worker (its continuation runs on the common pool) while
   * the call holding the permit needs a task on that pool to give it back: the wait lets the pool start a spare
   * worker, which runs that task, and the waiter enters. Without it the waiter holds the only worker until its
   * wait times out, and the task that would free the permit never runs.
   */
  @Test
  void aWaiterOnAForkJoinWorkerLetsThePoolRunTheTaskThatFreesItsPermit() throws Exception {
    ConcurrencyGate gate = new ConcurrencyGate(1);
    assertThat(gate.tryEnter()).isTrue(); // held by the call in flight
    ForkJoinPool pool = new ForkJoinPool(1);
    try {
      Future<Boolean> waiter = pool.submit(() -> gate.enter(LONG_WAIT, TimeSource.SYSTEM));
      Future<?> holderDone = pool.submit(() -> gate.exit(true)); // queued behind the waiter on the one worker

      assertThat(waiter.get(10, TimeUnit.SECONDS)).as("admitted once the holder's task ran").isTrue();
      holderDone.get(10, TimeUnit.SECONDS);
      assertThat(gate.active()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anUnlimitedGateOnlyCounts() {
    ConcurrencyGate gate = new ConcurrencyGate(0);
    for (int i = 0; i < 1000; i++) {
      assertThat(gate.tryEnter()).isTrue();
    }
    assertThat(gate.active()).isEqualTo(1000);
    assertThat(gate.availablePermits()).isEqualTo(-1);
    gate.resize(1000);
    assertThat(gate.tryEnter()).as("the tasks counted while unlimited hold the new limit").isFalse();
  }

  @Test
  void waitersAreServedInArrivalOrderAndNewcomersDoNotBarge() throws Exception {
    ConcurrencyGate gate = new ConcurrencyGate(1);
    assertThat(gate.tryEnter()).isTrue();
    List<String> order = new CopyOnWriteArrayList<>();
    Thread first = waiter(gate, "first", order);
    awaitWaiting(gate, 1);
    Thread second = waiter(gate, "second", order);
    awaitWaiting(gate, 2);

    assertThat(gate.tryEnter()).as("full, and two queued: a newcomer is refused").isFalse();
    gate.exit(true);
    first.join();
    second.join();

    assertThat(order).containsExactly("first", "second");
    assertThat(gate.availablePermits()).isEqualTo(1);
    assertThat(gate.waiting()).isZero();
  }

  @Test
  void aWaiterThatGivesUpLeavesTheQueueAndTheNextOneGetsThePermit() throws Exception {
    ConcurrencyGate gate = new ConcurrencyGate(1);
    assertThat(gate.tryEnter()).isTrue();
    List<String> order = new CopyOnWriteArrayList<>();
    AtomicBoolean interrupted = new AtomicBoolean();
    Thread first = new Thread(() -> {
      try {
        gate.enter(LONG_WAIT, TimeSource.SYSTEM);
        order.add("first");
      } catch (InterruptedException e) {
        interrupted.set(true);
      }
    });
    first.start();
    awaitWaiting(gate, 1);
    Thread second = waiter(gate, "second", order);
    awaitWaiting(gate, 2);

    first.interrupt();
    first.join();
    assertThat(interrupted).isTrue();
    assertThat(gate.waiting()).isEqualTo(1);
    gate.exit(true);
    second.join();

    assertThat(order).containsExactly("second");
    assertThat(gate.availablePermits()).isEqualTo(1);
  }

  @Test
  void aWaitThatRunsOutReturnsFalseWithoutAPermit() throws Exception {
    FakeTimeSource time = new FakeTimeSource();
    ConcurrencyGate gate = new ConcurrencyGate(1);
    assertThat(gate.tryEnter()).isTrue();

    assertThat(gate.enter(TimeUnit.SECONDS.toNanos(2), time)).isFalse();

    assertThat(time.sleptNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(2));
    assertThat(gate.waiting()).isZero();
    assertThat(gate.active()).isEqualTo(1);
    gate.exit(true);
    assertThat(gate.tryEnter()).isTrue();
  }

  @Test
  void raisingTheLimitLetsAWaiterIn() throws Exception {
    ConcurrencyGate gate = new ConcurrencyGate(1);
    assertThat(gate.tryEnter()).isTrue();
    List<String> order = new CopyOnWriteArrayList<>();
    Thread waiter = waiter(gate, "waiter", order);
    awaitWaiting(gate, 1);

    gate.resize(2);
    waiter.join();

    assertThat(order).containsExactly("waiter");
  }

  @Test
  void loweringTheLimitAdmitsNobodyUntilEnoughTasksHaveFinished() {
    ConcurrencyGate gate = new ConcurrencyGate(3);
    for (int i = 0; i < 3; i++) {
      assertThat(gate.tryEnter()).isTrue();
    }
    gate.resize(1);
    gate.exit(true);
    assertThat(gate.tryEnter()).as("two still run, over the new limit of one").isFalse();
    gate.exit(true);
    assertThat(gate.tryEnter()).as("one runs: the limit").isFalse();
    gate.exit(true);
    assertThat(gate.tryEnter()).isTrue();
  }

  @Test
  void aThreadEntersAndLeavesOnItsLeaseWhileMoreThanHalfThePermitsAreFree() {
    int limit = 4 * StripedCells.COUNT * 10; // a lease of 10
    ConcurrencyGate gate = new ConcurrencyGate(limit);
    assertThat(gate.tryEnter()).isTrue();
    assertThat(gate.sharedFree()).as("alone, an entry is one compare-and-set on the free count").isEqualTo(limit - 1);
    gate.exit(true);
    gate.assumeContended();
    assertThat(gate.tryEnter()).isTrue();
    long shared = gate.sharedFree();
    assertThat(shared).as("the first entry takes a lease along").isEqualTo(limit - 1 - 10);

    for (int i = 0; i < 100; i++) {
      assertThat(gate.tryEnter()).isTrue();
      gate.exit(true);
    }
    assertThat(gate.sharedFree()).as("later entries and exits stay on the thread's lease").isEqualTo(shared);
    assertThat(gate.active()).isEqualTo(1);
    assertThat(gate.availablePermits()).isEqualTo(limit - 1);
    gate.exit(true);
    assertThat(gate.availablePermits()).isEqualTo(limit);
  }

  @Test
  void theGateRefusesOnlyWhenNoPermitIsLeftInAnyThreadsLease() throws Exception {
    int limit = 4 * StripedCells.COUNT * 10;
    ConcurrencyGate gate = new ConcurrencyGate(limit);
    gate.assumeContended();
    Thread other = new Thread(() -> {
      if (gate.tryEnter()) {
        gate.exit(true); // leaves its lease in its cell
      }
    });
    other.start();
    other.join();
    assertThat(gate.sharedFree()).as("another thread holds a lease").isLessThan(limit);

    int entered = 0;
    while (gate.tryEnter()) {
      entered++;
    }

    assertThat(entered).as("every permit, the other thread's lease too").isEqualTo(limit);
    assertThat(gate.full()).isTrue();
    for (int i = 0; i < entered; i++) {
      gate.exit(true);
    }
    assertThat(gate.availablePermits()).isEqualTo(limit);
  }

  @Test
  void aLimitSetOnAnUnlimitedGateTakesBackTheLeasesItHandedOut() {
    ConcurrencyGate gate = new ConcurrencyGate(0);
    gate.assumeContended();
    assertThat(gate.tryEnter()).isTrue();
    gate.exit(true); // this thread's cell now holds a lease sized for no limit at all

    int limit = 4 * StripedCells.COUNT * 2; // still large enough for leases, of 2
    gate.resize(limit);

    int entered = 0;
    while (entered <= limit && gate.tryEnter()) {
      entered++;
    }
    assertThat(entered).as("the old lease does not admit past the new limit").isEqualTo(limit);
    assertThat(gate.active()).isEqualTo(limit);
  }

  @Test
  void neverMoreInsideThanTheLimitWhileThreadsRaceEnteringWaitingAndLeaving() throws Exception {
    raceEnteringWaitingAndLeaving(3, 8, 20_000, false);
  }

  @Test
  void neverMoreInsideThanTheLimitWhileThreadsRaceWithLeases() throws Exception {
    int limit = 4 * StripedCells.COUNT; // a lease of one permit, more threads than permits
    raceEnteringWaitingAndLeaving(limit, limit + 8, 5_000, true);
  }

  private static void raceEnteringWaitingAndLeaving(int limit, int threads, int rounds, boolean leases)
      throws Exception {
    ConcurrencyGate gate = new ConcurrencyGate(limit);
    if (leases) {
      gate.assumeContended();
    }
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    AtomicInteger entered = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    Thread[] workers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      boolean waits = t % 2 == 0;
      workers[t] = new Thread(() -> {
        try {
          start.await();
          for (int i = 0; i < rounds; i++) {
            if (waits ? gate.enter(LONG_WAIT, TimeSource.SYSTEM) : gate.tryEnter()) {
              most.accumulateAndGet(inside.incrementAndGet(), Math::max);
              entered.incrementAndGet();
              inside.decrementAndGet();
              gate.exit(true);
            }
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      workers[t].start();
    }
    start.countDown();
    for (Thread worker : workers) {
      worker.join();
    }

    assertThat(most.get()).isLessThanOrEqualTo(limit);
    assertThat(entered.get()).as("every waiting round got in").isGreaterThanOrEqualTo((threads + 1) / 2 * rounds);
    assertThat(gate.availablePermits()).isEqualTo(limit);
    assertThat(gate.waiting()).isZero();
  }

  private static Thread waiter(ConcurrencyGate gate, String name, List<String> order) {
    Thread thread = new Thread(() -> {
      try {
        if (gate.enter(LONG_WAIT, TimeSource.SYSTEM)) {
          order.add(name);
          gate.exit(true);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    thread.start();
    return thread;
  }

  /** Until {@code n} callers are queued: the gate's state, polled, yielding the processor between looks. */
  private static void awaitWaiting(ConcurrencyGate gate, int n) {
    long deadline = System.nanoTime() + LONG_WAIT;
    while (gate.waiting() < n) {
      assertThat(System.nanoTime()).as("%d callers queued in time", n).isLessThan(deadline);
      Thread.yield();
    }
  }
}

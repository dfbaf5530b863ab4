package io.aiecs.governor.agent.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The budget's lock-free credit in front of its bucket: charges are one atomic add and reach the bucket in a
 * later settlement, which must give the same balances as charging the bucket at once would have.
 */
class TokenBudgetTest {
  private final FakeTimeSource time = new FakeTimeSource();

  @Test
  void aChargeSettledLaterStillEarnsTheRefillSinceItWasMade() {
    TokenBudget budget = TokenBudget.of(600, 0, 0, time); // 10 a second, 600 at most
    budget.charge(300); // fresh credit: not settled now
    time.advanceMillis(10_000);

    // 300 left after the charge, 100 earned since; settling it as of now would cap at 600 first and say 300
    assertThat(budget.left()).isEqualTo(400);
  }

  @Test
  void aChargeMadeLongAfterTheLastSettlementIsNotBackdated() {
    TokenBudget budget = TokenBudget.of(600, 0, 0, time);
    time.advanceMillis(30_000); // full all along: nothing to earn back

    budget.charge(300);

    // applied as of the last settlement, it would have earned 30 s of refill it never saw and read 600
    assertThat(budget.left()).isEqualTo(300);
    time.advanceMillis(1_000);
    assertThat(budget.left()).isEqualTo(310);
  }

  @Test
  void aPositiveCreditAdmitsAndAnEmptyOneLooksAtTheBucket() {
    TokenBudget budget = TokenBudget.of(600, 0, 100, time);
    budget.charge(99);
    assertThat(budget.available()).isTrue();

    budget.charge(1);
    assertThat(budget.available()).isFalse();
    assertThat(budget.nanosUntilAvailable()).isEqualTo(100_000_000L); // one token at 10 a second

    time.advanceMillis(100);
    assertThat(budget.available()).as("refill reaches the credit through a settlement").isTrue();
    assertThat(budget.left()).isEqualTo(1);
  }

  @Test
  void debtCarriesAcrossSettlements() {
    TokenBudget budget = TokenBudget.of(600, 0, 0, time);
    budget.charge(1000);
    budget.charge(200);
    assertThat(budget.left()).isEqualTo(-600);
    time.advanceMillis(60_000);
    assertThat(budget.left()).isZero();
    assertThat(budget.available()).isFalse();
  }

  @Test
  void toolCallsTakeUnitsUpFrontAndRefundsGiveThemBack() {
    TokenBudget tools = TokenBudget.ofToolCalls(3, 0, time);
    assertThat(tools.tryTake()).isTrue();
    assertThat(tools.tryTake()).isTrue();
    assertThat(tools.tryTake()).isTrue();
    assertThat(tools.tryTake()).isFalse();

    tools.refund(1);
    assertThat(tools.tryTake()).isTrue();
    assertThat(tools.tryTake()).isFalse();

    time.advanceMillis(20_000); // 3 a minute: one back
    assertThat(tools.tryTake()).isTrue();
    assertThat(tools.left()).isZero();
  }

  @Test
  void aStaleCreditIsSettledBeforeTheNextTake() {
    TokenBudget tools = TokenBudget.ofToolCalls(60, 0, time);
    for (int i = 0; i < 60; i++) {
      assertThat(tools.tryTake()).isTrue();
    }
    time.advanceMillis(5_000);
    for (int i = 0; i < 5; i++) {
      assertThat(tools.tryTake()).as("take %d after 5 s at one a second", i).isTrue();
    }
    assertThat(tools.tryTake()).isFalse();
  }

  @Test
  void reconfiguringKeepsWhatWasChargedThroughTheCredit() {
    TokenBudget budget = TokenBudget.of(600, 0, 0, time);
    budget.charge(500);
    assertThat(budget.reconfigure(1200, 0, 0)).isTrue();
    assertThat(budget.left()).isEqualTo(100);
    assertThat(budget.capacity()).isEqualTo(1200);
  }

  @Test
  void noChargeIsLostWhenThreadsChargeWhileTheClockMovesAndOthersSettle() throws Exception {
    // in debt all along, so the bucket's cap never applies and the balance is exact: what was earned minus
    // what was charged, whatever the order in which the charges reached the bucket
    TokenBudget budget = TokenBudget.of(600, 0, 1_000_000_000L, time);
    budget.charge(1_000_000_000L);

    long earned = chargeFromThreadsWhileTheClockMoves(budget, 6, 50_000, 1);

    assertThat(budget.left()).isEqualTo(-6L * 50_000 + earned);
  }

  @Test
  void aThreadsChargesAreDrawnFromItsLeaseWhileTheBudgetIsMoreThanHalfFull() {
    long capacity = 16L * StripedCells.COUNT * 1_000; // a lease of 1,000
    TokenBudget budget = TokenBudget.of(600, 0, capacity, time);
    budget.charge(50);
    assertThat(budget.sharedCredit()).as("alone, a charge is one compare-and-set on the credit")
        .isEqualTo(capacity - 50);
    budget.assumeContended();
    budget.charge(50);
    long shared = budget.sharedCredit();
    assertThat(shared).as("after a collision a charge takes a lease along").isEqualTo(capacity - 100 - 1_000);

    budget.charge(200);
    budget.charge(300);
    assertThat(budget.sharedCredit()).as("later ones come out of the lease").isEqualTo(shared);
    assertThat(budget.left(time.nanoTime())).as("fresh: the credit and the leases").isEqualTo(capacity - 600);
    assertThat(budget.left()).as("settled: the leases back, the bucket charged what was used")
        .isEqualTo(capacity - 600);
    assertThat(budget.sharedCredit()).isEqualTo(capacity - 600);
  }

  @Test
  void noLeaseIsHandedOutOnceHalfTheBudgetIsSpent() {
    long capacity = 16L * StripedCells.COUNT * 1_000;
    TokenBudget budget = TokenBudget.of(600, 0, capacity, time);
    budget.assumeContended();
    budget.charge(capacity / 2, time.nanoTime() + TokenBudget.SETTLE_NANOS + 1); // stale: settles, then charges
    time.advanceMillis(2);
    budget.left(); // settled at half

    budget.charge(10);
    assertThat(budget.sharedCredit()).as("no lease taken").isEqualTo(capacity / 2 - 10);
  }

  @Test
  void noChargeIsLostWhenThreadsChargeFromTheirLeasesWhileOthersSettle() throws Exception {
    // far from the cap (a slow refill, most of a huge burst left) and above half: every charge goes through a lease
    long capacity = 1_000_000_000_000L;
    TokenBudget budget = TokenBudget.of(600, 0, capacity, time);
    budget.charge(capacity / 10);
    budget.assumeContended();

    long earned = chargeFromThreadsWhileTheClockMoves(budget, 6, 50_000, 3);

    assertThat(budget.left()).isEqualTo(capacity - capacity / 10 - 3L * 6 * 50_000 + earned);
  }

  /**
   * {@code threads} threads charge {@code units} {@code chargesEach} times while another moves the clock a
   * millisecond at a time (a settlement from the charges every millisecond) and settles too. Returns the units
   * the budget earned meanwhile at 10 a second.
   */
  private long chargeFromThreadsWhileTheClockMoves(TokenBudget budget, int threads, int chargesEach, long units)
      throws InterruptedException {
    CountDownLatch start = new CountDownLatch(1);
    AtomicBoolean done = new AtomicBoolean();
    List<Thread> chargers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread thread = new Thread(() -> {
        awaitQuietly(start);
        for (int i = 0; i < chargesEach; i++) {
          budget.charge(units, time.nanoTime());
        }
      });
      thread.start();
      chargers.add(thread);
    }
    long startNanos = time.nanoTime();
    Thread clock = new Thread(() -> {
      awaitQuietly(start);
      for (int tick = 0; tick < 20_000 && !done.get(); tick++) {
        time.advanceMillis(1);
        budget.available();
        if (tick % 100 == 0) {
          budget.left();
        }
      }
    });
    clock.start();
    start.countDown();
    for (Thread thread : chargers) {
      thread.join();
    }
    done.set(true);
    clock.join();
    return (time.nanoTime() - startNanos) / 100_000_000L; // 10 a second: one per 100 ms
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package io.aiecs.governor.bench.hotpath;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The two modes of {@code governorLimiter} at 8 threads on 2 cores, without any governor code: a fair semaphore
 * taken and given back as Resilience4j's Bulkhead does, one atomic add to a counter on a cache line of its own (a
 * budget's charge), and a clock read. A diagnostic, not part of {@code run.sh hotpath}: {@code java -cp ...
 * org.openjdk.jmh.Main ContentionModesBenchmark -t 8}, then compare the iterations, not only the means. Measured
 * on the project's machine (issue 3), 3 forks x 6 iterations, two runs: the semaphore and the add 431-593 and
 * 327-801 ns; with the clock read as well 198-1,136 and 200-1,059 (two modes, ~300 and ~1,000); the clock and the
 * add without the semaphore ~400 (197-439): the fair semaphore beside another contended operation is what swings.
 *
 * <p>Later (issue 3, session 7): the fair semaphore alone swings too ({@code semaphoreOnly} 135-373 ns, with the
 * clock 275-634): its acquire and release each read the line and then compare-and-set it, retrying when another
 * core won. A gate made of one atomic add to enter (undone past the limit) and one to leave ({@code xaddGate})
 * ran at 97-131 ns in 16 of 18 iterations (213 in two); the same gate with a read and a compare-and-set instead
 * ({@code casGate}) at 116-309. That is what {@code ConcurrencyGate} became.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 6, time = 1)
@Fork(3)
@State(Scope.Benchmark)
public class ContentionModesBenchmark {
  private static final int SLOT = 16; // the middle of 32 longs: a cache line to itself
  private final Semaphore semaphore = new Semaphore(HotPathBenchmark.PERMITS, true);
  private final AtomicLongArray counter = new AtomicLongArray(32);
  /** Permits free, for the counter gates, on a line of its own. */
  private final AtomicLongArray free = new AtomicLongArray(32);
  /** Callers queued, read by the counter gates as a fair gate does (nobody ever queues here). */
  private volatile int waiters;

  {
    free.set(SLOT, HotPathBenchmark.PERMITS);
  }

  private int enter() throws InterruptedException {
    return semaphore.tryAcquire(0, TimeUnit.NANOSECONDS) ? 1 : 0; // the timed form respects fairness
  }

  @Benchmark
  public long semaphoreAndAdd() throws InterruptedException {
    int entered = enter();
    semaphore.release();
    return counter.getAndAdd(SLOT, HotPathBenchmark.TOTAL) + entered;
  }

  @Benchmark
  public long semaphoreAddAndClock() throws InterruptedException {
    int entered = enter();
    semaphore.release();
    long now = System.nanoTime();
    return counter.getAndAdd(SLOT, HotPathBenchmark.TOTAL) + entered + now;
  }

  @Benchmark
  public long semaphoreOnly() throws InterruptedException {
    int entered = enter();
    semaphore.release();
    return entered;
  }

  /** One atomic add in, one out: what {@code ConcurrencyGate} does. */
  @Benchmark
  public long xaddGate() {
    if (waiters != 0) {
      return 0;
    }
    boolean entered = free.getAndDecrement(SLOT) > 0;
    free.getAndIncrement(SLOT); // leaving, or undoing an entry past the limit
    return entered ? 1 : 0;
  }

  /** The same gate entered as a semaphore is: read, then compare-and-set, retried when another core won. */
  @Benchmark
  public long casGate() {
    if (waiters == 0) {
      for (long f = free.get(SLOT); f > 0; f = free.get(SLOT)) {
        if (free.compareAndSet(SLOT, f, f - 1)) {
          free.getAndIncrement(SLOT);
          return 1;
        }
      }
    }
    return 0;
  }

  @Benchmark
  public long semaphoreAndClock() throws InterruptedException {
    int entered = enter();
    semaphore.release();
    return System.nanoTime() + entered;
  }

  @Benchmark
  public long addAndClock() {
    long now = System.nanoTime();
    return counter.getAndAdd(SLOT, HotPathBenchmark.TOTAL) + now;
  }
}

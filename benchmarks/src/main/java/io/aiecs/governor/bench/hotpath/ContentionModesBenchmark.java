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
  public long addAndClock() {
    long now = System.nanoTime();
    return counter.getAndAdd(SLOT, HotPathBenchmark.TOTAL) + now;
  }
}

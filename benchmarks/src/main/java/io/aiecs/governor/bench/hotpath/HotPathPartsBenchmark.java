package io.aiecs.governor.bench.hotpath;

import io.aiecs.governor.agent.limits.ConcurrencyGate;
import io.aiecs.governor.agent.limits.TimeSource;
import io.aiecs.governor.agent.limits.TokenBudget;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The limits engine's parts, each alone: where the time of {@code governorLimiter} goes. A diagnostic, not part of
 * {@code run.sh hotpath}: {@code java -cp ... org.openjdk.jmh.Main HotPathPartsBenchmark -t 8}. The gate beside
 * a bare fair {@link Semaphore} (what Resilience4j's Bulkhead is), the token budget's admission check and charge.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class HotPathPartsBenchmark {
  @State(Scope.Benchmark)
  public static class Parts {
    ConcurrencyGate gate;
    TokenBudget budget;
    Semaphore fair;

    @Setup
    public void setUp() {
      gate = new ConcurrencyGate(HotPathBenchmark.PERMITS);
      budget = TokenBudget.of(HotPathBenchmark.TOKENS_PER_MINUTE, 0, HotPathBenchmark.BURST, TimeSource.SYSTEM);
      fair = new Semaphore(HotPathBenchmark.PERMITS, true);
    }
  }

  @Benchmark
  public boolean gate(Parts p) {
    boolean in = p.gate.tryEnter();
    if (in) {
      p.gate.exit(true);
    }
    return in;
  }

  @Benchmark
  public boolean fairSemaphore(Parts p) throws InterruptedException {
    boolean in = p.fair.tryAcquire(0, TimeUnit.NANOSECONDS);
    if (in) {
      p.fair.release();
    }
    return in;
  }

  @Benchmark
  public boolean budget(Parts p) {
    boolean available = p.budget.available();
    p.budget.charge(HotPathBenchmark.TOTAL);
    return available;
  }
}

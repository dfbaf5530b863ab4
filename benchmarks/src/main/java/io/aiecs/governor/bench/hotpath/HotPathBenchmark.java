package io.aiecs.governor.bench.hotpath;

import io.aiecs.governor.agent.AgentInstaller;
import io.aiecs.governor.agent.config.ConfigLoader;
import io.aiecs.governor.agent.config.ConfigResult;
import io.aiecs.governor.agent.limits.AgentLimiter;
import io.aiecs.governor.agent.limits.TimeSource;
import io.aiecs.governor.agent.runtime.CallGovernor;
import io.aiecs.governor.agent.runtime.CallSiteRegistry;
import io.aiecs.governor.agent.usage.UsageShape;
import io.github.bucket4j.Bucket;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One governed call's bookkeeping, without the call: admission, release and accounting of its usage, beside
 * libraries doing the same work. Every limiter is sized so that nothing is ever refused or waits: this measures
 * the cost of the fast path every call pays, not of contention for an exhausted limit.
 *
 * <p>Equivalent work: a concurrency permit taken and given back (the gate, a Resilience4j {@link Bulkhead}),
 * and a call's tokens counted against a per-minute rate (the token bucket, a Resilience4j {@link RateLimiter},
 * a Bucket4j bucket). Run it through {@link HotPathRunner} for 1 and 8 threads with {@code -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class HotPathBenchmark {
  /**
   * Far more of everything than the benchmark can use up, so every call takes the fast path: more permits than
   * threads; Bucket4j's fastest refill (one token a nanosecond) behind a burst that hours of calls cannot drain.
   */
  static final int PERMITS = 64;
  static final long TOKENS_PER_MINUTE = 60_000_000_000L;
  static final long BURST = 1_000_000_000_000_000L;
  /** A realistic call's usage: above the Long cache, so boxing on the way would show as allocation. */
  static final long INPUT = 1200;
  static final long OUTPUT = 350;
  static final long TOTAL = INPUT + OUTPUT;

  @State(Scope.Benchmark)
  public static class Governor {
    /**
     * The concurrency limit, for both the governor and Resilience4j: {@link #PERMITS} by default; {@code -p
     * permits=8} measures a limit too small for the gate's per-thread leases (fewer than 4 per stripe).
     */
    @Param("" + PERMITS)
    int permits;
    AgentLimiter limiter;
    CallGovernor calls;
    int site;
    final FakeResponse response = FakeResponse.of(INPUT, OUTPUT);

    @Setup
    public void setUp() {
      ConfigResult config = ConfigLoader.load(null, Map.of(
          "aiecs.governor.max-concurrent-tasks", String.valueOf(permits),
          "aiecs.governor.max-tokens-per-minute", String.valueOf(TOKENS_PER_MINUTE),
          "aiecs.governor.token-burst-size", String.valueOf(BURST),
          "aiecs.governor.reject-on-limit", "true"), Map.of());
      if (!config.valid()) {
        throw new IllegalStateException(config.problems().toString());
      }
      CallSiteRegistry sites = new CallSiteRegistry();
      // the shape the OpenAI instrumentation declares for chat completions
      site = sites.register("openai", "chat", UsageShape.of("usage", "promptTokens", "completionTokens",
          "totalTokens", "promptTokensDetails.cachedTokens", "completionTokensDetails.reasoningTokens"));
      calls = AgentInstaller.build(config.config(), TimeSource.SYSTEM, sites);
      limiter = calls.limiter("default");
    }
  }

  @State(Scope.Benchmark)
  public static class Resilience4j {
    @Param("" + PERMITS)
    int permits;
    Bulkhead bulkhead;
    RateLimiter rateLimiter;

    @Setup
    public void setUp() {
      bulkhead = Bulkhead.of("bench", BulkheadConfig.custom()
          .maxConcurrentCalls(permits).maxWaitDuration(Duration.ZERO).fairCallHandlingStrategyEnabled(true).build());
      // a permit per token; 2^31 of them every 10 ms is beyond what any thread count here can take
      rateLimiter = RateLimiter.of("bench", RateLimiterConfig.custom()
          .limitForPeriod(Integer.MAX_VALUE).limitRefreshPeriod(Duration.ofMillis(10))
          .timeoutDuration(Duration.ZERO).build());
    }
  }

  @State(Scope.Benchmark)
  public static class Bucket4j {
    Bucket bucket;

    @Setup
    public void setUp() {
      // Bucket4j's defaults: lock-free state
      bucket = Bucket.builder()
          .addLimit(l -> l.capacity(BURST).refillGreedy(TOKENS_PER_MINUTE, Duration.ofMinutes(1)))
          .build();
    }
  }

  /** The limits engine alone: what one scope does for a call. */
  @Benchmark
  public int governorLimiter(Governor g) {
    AgentLimiter limiter = g.limiter;
    int admission = limiter.acquire();
    limiter.release(admission);
    limiter.charge(INPUT, OUTPUT, TOTAL, -1, -1);
    return admission;
  }

  /**
   * What the woven advice runs: attribution, admission, the call's bookkeeping, reading the usage from the
   * response (as from openai-java's {@code ChatCompletion}), charging it and releasing the permit.
   */
  @Benchmark
  public Object governorCall(Governor g) {
    Object token = g.calls.enter(g.site, g, g);
    g.calls.exit(token, g.response, null);
    return token;
  }

  /** Resilience4j's equivalent: a bulkhead permit and the call's tokens taken from a rate limiter. */
  @Benchmark
  public boolean resilience4j(Resilience4j r) {
    boolean permitted = r.bulkhead.tryAcquirePermission();
    if (permitted) {
      r.rateLimiter.acquirePermission((int) TOTAL);
      r.bulkhead.onComplete();
    }
    return permitted;
  }

  /** A plain Bucket4j bucket, the governor's two bucket operations: admission check, then the usage charged. */
  @Benchmark
  public boolean bucket4jCheckThenCharge(Bucket4j b) {
    boolean available = b.bucket.getAvailableTokens() > 0;
    if (available) {
      b.bucket.consumeIgnoringRateLimits(TOTAL);
    }
    return available;
  }

  /** A plain Bucket4j bucket's cheapest form: the usage taken up front in one operation, no concurrency cap. */
  @Benchmark
  public boolean bucket4jTryConsume(Bucket4j b) {
    return b.bucket.tryConsume(TOTAL);
  }
}

package io.aiecs.governor.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiecs.governor.ResourceLimitExceededException;
import io.aiecs.governor.agent.attribution.AgentResolver;
import io.aiecs.governor.agent.config.AgentLimits;
import io.aiecs.governor.agent.limits.AgentLimiter;
import io.aiecs.governor.agent.limits.TimeSource;
import io.aiecs.governor.agent.usage.UsageShape;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** No permit is lost or leaked under random returns, failures, async completions, cancellations and refusals. */
class PermitStressTest {
  @Test
  void permitsAtRestEqualTheConfiguredLimit() throws Exception {
    int max = 4;
    CallSiteRegistry sites = new CallSiteRegistry();
    int site = sites.register("test", "chat", UsageShape.of("usage", null, null, null, null, null));
    AgentLimiter limiter = new AgentLimiter("default",
        new AgentLimits(max, AgentLimits.UNLIMITED, AgentLimits.UNLIMITED, AgentLimits.UNLIMITED, true, false,
            Duration.ofMillis(2)), TimeSource.SYSTEM);
    CallGovernor governor = new CallGovernor(Map.of("default", limiter),
        new AgentResolver<>(List.of(), "default", Map.of("default", limiter)::get), sites);

    AtomicInteger maxSeen = new AtomicInteger();
    AtomicInteger inside = new AtomicInteger();
    AtomicLong refused = new AtomicLong();
    ExecutorService callers = Executors.newFixedThreadPool(16);
    ExecutorService completers = Executors.newFixedThreadPool(4);
    int calls = 20_000;
    var all = new CompletableFuture<?>[calls];
    for (int i = 0; i < calls; i++) {
      int seed = i;
      all[i] = CompletableFuture.runAsync(() -> {
        SplittableRandom random = new SplittableRandom(seed);
        Object token;
        try {
          token = governor.enter(site, null, "r");
        } catch (ResourceLimitExceededException e) {
          refused.incrementAndGet();
          return;
        }
        maxSeen.accumulateAndGet(inside.incrementAndGet(), Math::max);
        int path = random.nextInt(5);
        switch (path) {
          case 0 -> { inside.decrementAndGet(); governor.exit(token, null, null); }
          case 1 -> { inside.decrementAndGet(); governor.exit(token, null, new RuntimeException("fail")); }
          case 2 -> { inside.decrementAndGet(); governor.exit(token, null, new RuntimeException("no future")); }
          default -> {
            CompletableFuture<Object> f = new CompletableFuture<>();
            governor.exit(token, f, null);
            completers.execute(() -> {
              inside.decrementAndGet(); // before completion releases the permit
              if (path == 3) {
                f.complete("done");
              } else {
                f.cancel(true);
              }
            });
          }
        }
      }, callers);
    }
    CompletableFuture.allOf(all).get(60, TimeUnit.SECONDS);
    callers.shutdown();
    completers.shutdown();
    assertThat(completers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

    assertThat(limiter.availablePermits()).isEqualTo(max);
    assertThat(limiter.status().activeTasks()).isZero();
    assertThat(maxSeen.get()).isLessThanOrEqualTo(max);
    assertThat(limiter.status().admittedCalls() + refused.get()).isEqualTo(calls);
    assertThat(limiter.status().rejectedCalls()).isEqualTo(refused.get());
  }
}

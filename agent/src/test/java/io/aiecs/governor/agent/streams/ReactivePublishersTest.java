package io.aiecs.governor.agent.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aiecs.governor.ResourceLimitExceededException;
import io.aiecs.governor.agent.attribution.AgentResolver;
import io.aiecs.governor.agent.config.AgentLimits;
import io.aiecs.governor.agent.config.RejectAs;
import io.aiecs.governor.agent.limits.AgentLimiter;
import io.aiecs.governor.agent.limits.TimeSource;
import io.aiecs.governor.agent.runtime.CallGovernor;
import io.aiecs.governor.agent.runtime.CallSiteRegistry;
import io.aiecs.governor.agent.runtime.StreamingCall;
import io.aiecs.governor.agent.usage.TextPath;
import io.aiecs.governor.agent.usage.UsageShape;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The Reactor glue against the real Reactor: a cold publisher is admitted per subscription, holds its permit
 * until it completes, fails or is cancelled, is charged its largest usage once, delivers a refusal as its error
 * signal, and marks the subscribing thread so a client layer it starts passes through.
 */
class ReactivePublishersTest {
  /** A chunk shaped like a library's: usage on the last one only. */
  public record Chunk(String text, Usage usage) {}

  public record Usage(long inputTokens, long outputTokens) {}

  /** A tool request shaped like MCP's {@code CallToolRequest}. */
  public record ToolRequest(String name) {}

  private final CallSiteRegistry sites = new CallSiteRegistry();
  private final UsageShape shape = UsageShape.of("usage", "inputTokens", "outputTokens", null, null, null);
  private final int fluxSite = sites.register("test", "stream", shape);
  private final int monoSite = sites.register("test", "mono", shape);
  private final int inner = sites.register("test", "inner-sdk", shape);
  private final int toolSite = sites.register("test", "call_tool", shape);
  private final AgentLimiter limiter = new AgentLimiter("default",
      new AgentLimits(1, 10_000, AgentLimits.UNLIMITED, 10_000, true, true, Duration.ofSeconds(1),
          2, AgentLimits.UNLIMITED, AgentLimits.UNLIMITED, null, AgentLimits.NO_THROTTLING, RejectAs.GOVERNOR),
      TimeSource.SYSTEM);
  private final CallGovernor governor = new CallGovernor(Map.of("default", limiter),
      new AgentResolver<>(List.of(), "default", Map.of("default", limiter)::get), sites);
  private final Scheduler other = Schedulers.newSingle("other-thread");

  {
    sites.registerDeferred(fluxSite, ReactivePublishers.flux((c, call) -> {
      call.element(c);
      call.text(((Chunk) c).text());
    }));
    sites.registerDeferred(monoSite, ReactivePublishers.mono(ReactivePublishers.USAGE));
    sites.registerDeferredTool(toolSite, ReactivePublishers.mono(ReactivePublishers.USAGE), TextPath.anyOf("name"));
  }

  @AfterEach
  void stopScheduler() {
    other.dispose();
  }

  @SuppressWarnings("unchecked")
  private <T> Flux<T> governed(Flux<T> source) {
    return (Flux<T>) governor.defer(fluxSite, null, "request", source);
  }

  @Test
  void admittedOnSubscriptionHeldUntilCompleteAndChargedOnce() {
    Sinks.Many<Chunk> wire = Sinks.many().unicast().onBackpressureBuffer();
    Flux<Chunk> flux = governed(wire.asFlux());
    assertThat(limiter.availablePermits()).as("nothing held before subscription").isEqualTo(1);

    List<Chunk> seen = new CopyOnWriteArrayList<>();
    flux.subscribe(seen::add);
    assertThat(limiter.availablePermits()).as("held while subscribed").isZero();
    wire.tryEmitNext(new Chunk("Hel", null));
    wire.tryEmitNext(new Chunk("lo", new Usage(7, 3)));
    assertThat(limiter.availablePermits()).isZero();
    wire.tryEmitComplete();

    assertThat(seen).extracting(Chunk::text).containsExactly("Hel", "lo");
    assertThat(limiter.availablePermits()).isEqualTo(1);
    assertThat(limiter.status().inputTokens()).isEqualTo(7);
    assertThat(limiter.status().outputTokens()).isEqualTo(3);
    assertThat(limiter.status().admittedCalls()).isEqualTo(1);
  }

  @Test
  void settledBeforeTheSubscriberHearsOfTheEnd() {
    // block() returns as soon as the end reaches the subscriber: the next call must find the permit back
    AtomicInteger permitsAtComplete = new AtomicInteger(-1);
    AtomicInteger tokensAtComplete = new AtomicInteger(-1);
    governed(Flux.just(new Chunk("a", new Usage(6, 4))))
        .doOnComplete(() -> {
          permitsAtComplete.set(limiter.availablePermits());
          tokensAtComplete.set((int) limiter.status().totalTokens());
        })
        .blockLast();
    assertThat(permitsAtComplete).hasValue(1);
    assertThat(tokensAtComplete).hasValue(10);

    AtomicInteger permitsAtValue = new AtomicInteger(-1);
    @SuppressWarnings("unchecked")
    Mono<Chunk> mono = (Mono<Chunk>) governor.defer(monoSite, null, "request", Mono.just(new Chunk("b", null)));
    mono.doOnNext(v -> permitsAtValue.set(limiter.availablePermits())).block();
    assertThat(permitsAtValue).as("a Mono's block() returns on its value").hasValue(1);
  }

  @Test
  void eachSubscriptionIsAdmittedAgain() {
    Flux<Chunk> flux = governed(Flux.just(new Chunk("a", new Usage(5, 5))));
    flux.blockLast();
    flux.blockLast();
    assertThat(limiter.status().admittedCalls()).isEqualTo(2);
    assertThat(limiter.status().totalTokens()).isEqualTo(20);
  }

  @Test
  void cancellationReleasesAndChargesWhatArrived() {
    Flux<Chunk> flux = governed(Flux.just(new Chunk("a", new Usage(4, 1)), new Chunk("b", new Usage(4, 9)))
        .concatWith(Flux.never()));
    assertThat(flux.next().block()).isNotNull();
    assertThat(limiter.availablePermits()).isEqualTo(1);
    assertThat(limiter.status().outputTokens()).isEqualTo(1);
  }

  @Test
  void disposingTheSubscriptionReleases() {
    var subscription = governed(Flux.<Chunk>never()).subscribe();
    assertThat(limiter.availablePermits()).isZero();
    subscription.dispose();
    assertThat(limiter.availablePermits()).isEqualTo(1);
  }

  @Test
  void aFailureReleasesAndReachesTheSubscriber() {
    Flux<Chunk> flux = governed(Flux.concat(Flux.just(new Chunk("a", null)),
        Flux.error(new IllegalStateException("connection reset"))));
    assertThatThrownBy(flux::blockLast).hasMessageContaining("connection reset");
    assertThat(limiter.availablePermits()).isEqualTo(1);
  }

  @Test
  void aStreamWithoutUsageIsChargedItsEstimate() {
    governed(Flux.just(new Chunk("12345678", null), new Chunk("1234", null))).blockLast();
    assertThat(limiter.status().outputTokens()).as("12 characters, about 4 per token").isEqualTo(3);
  }

  @Test
  void aRefusalIsTheErrorSignalAndNothingUpstreamIsSubscribed() {
    AtomicInteger upstreamSubscriptions = new AtomicInteger();
    Flux<Chunk> held = governed(Flux.<Chunk>never());
    var first = held.subscribe();
    Flux<Chunk> second = governed(Flux.<Chunk>empty().doOnSubscribe(s -> upstreamSubscriptions.incrementAndGet()));

    assertThatThrownBy(second::blockLast).isInstanceOf(ResourceLimitExceededException.class);
    assertThat(upstreamSubscriptions).hasValue(0);
    first.dispose();
    assertThat(limiter.availablePermits()).isEqualTo(1);
    assertThat(limiter.status().rejectedCalls()).isEqualTo(1);
  }

  /** The client layer a publisher starts when subscribed (openai-java under Spring AI). */
  private Flux<Chunk> sdkStartedOnSubscription(AtomicReference<Object> innerToken, AtomicReference<String> thread) {
    return Flux.defer(() -> {
      Object token = governor.enter(inner, null, "inner SDK call");
      innerToken.set(token);
      thread.set(Thread.currentThread().getName());
      governor.exit(token, null, null);
      return Flux.just(new Chunk("a", new Usage(3, 2)));
    });
  }

  @Test
  void aLayerStartedOnSubscriptionPassesThrough() {
    AtomicReference<Object> token = new AtomicReference<>();
    AtomicReference<String> thread = new AtomicReference<>();
    governed(sdkStartedOnSubscription(token, thread)).blockLast();

    assertThat(token.get()).as("the SDK call below was not admitted again").isNotInstanceOf(StreamingCall.class);
    assertThat(limiter.status().admittedCalls()).isEqualTo(1);
    assertThat(limiter.status().totalTokens()).isEqualTo(5);
  }

  @Test
  void aLayerStartedOnSubscriptionPassesThroughOnAnotherThreadToo() {
    AtomicReference<Object> token = new AtomicReference<>();
    AtomicReference<String> thread = new AtomicReference<>();
    governed(sdkStartedOnSubscription(token, thread)).subscribeOn(other).blockLast();

    assertThat(thread.get()).startsWith("other-thread");
    assertThat(token.get()).isNotInstanceOf(StreamingCall.class);
    assertThat(limiter.status().admittedCalls()).isEqualTo(1);
    assertThat(limiter.availablePermits()).isEqualTo(1);
  }

  @Test
  void theSubscribersContextReachesTheSource() {
    Flux<Chunk> source = Flux.deferContextual(ctx -> Flux.just(new Chunk(ctx.getOrDefault("trace", "none"), null)));
    assertThat(governed(source).contextWrite(c -> c.put("trace", "t-1")).blockLast().text()).isEqualTo("t-1");
  }

  @Test
  void aMonoHoldsItsPermitUntilItsValueAndIsChargedOnce() {
    Sinks.One<Chunk> wire = Sinks.one();
    @SuppressWarnings("unchecked")
    Mono<Chunk> mono = (Mono<Chunk>) governor.defer(monoSite, null, "request", wire.asMono());
    AtomicReference<Chunk> seen = new AtomicReference<>();
    mono.subscribe(seen::set);
    assertThat(limiter.availablePermits()).isZero();
    wire.tryEmitValue(new Chunk("x", new Usage(2, 8)));
    assertThat(seen.get().text()).isEqualTo("x");
    assertThat(limiter.availablePermits()).isEqualTo(1);
    assertThat(limiter.status().totalTokens()).isEqualTo(10);
  }

  @Test
  void aDeferredToolCallTakesFromTheToolBudgetOnSubscriptionAndIsRefusedAsTheMonosError() {
    AtomicInteger executions = new AtomicInteger();
    Mono<String> tool = Mono.fromCallable(() -> "result " + executions.incrementAndGet());
    @SuppressWarnings("unchecked")
    Mono<String> governed = (Mono<String>) governor.defer(toolSite, null, new ToolRequest("search"), tool);
    assertThat(limiter.status().toolCalls()).as("nothing taken on assembly").isZero();

    assertThat(governed.block()).isEqualTo("result 1");
    assertThat(governed.block()).isEqualTo("result 2");
    assertThatThrownBy(governed::block).isInstanceOf(ResourceLimitExceededException.class);

    assertThat(executions).as("the refused call never ran").hasValue(2);
    assertThat(limiter.status().toolCalls()).isEqualTo(2);
    assertThat(limiter.availablePermits()).as("a tool call holds no task slot").isEqualTo(1);
  }

  @Test
  void aToolCallInsideAGovernedCallIsStillCounted() {
    Object outer = governor.enter(inner, null, "the model call running the tool");
    @SuppressWarnings("unchecked")
    Mono<String> governed = (Mono<String>) governor.defer(toolSite, null, new ToolRequest("search"), Mono.just("r"));
    assertThat(governed.block()).isEqualTo("r");
    governor.exit(outer, null, null);
    assertThat(limiter.status().toolCalls()).isEqualTo(1);
  }

  @Test
  void somethingNotReactorIsLeftAsItIs() {
    assertThat(governor.defer(fluxSite, null, "request", "not a publisher")).isEqualTo("not a publisher");
    assertThat(limiter.availablePermits()).isEqualTo(1);
  }
}

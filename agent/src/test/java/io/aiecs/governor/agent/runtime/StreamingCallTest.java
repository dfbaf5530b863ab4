package io.aiecs.governor.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aiecs.governor.ResourceLimitExceededException;
import io.aiecs.governor.agent.attribution.AgentResolver;
import io.aiecs.governor.agent.config.AgentLimits;
import io.aiecs.governor.agent.limits.AgentLimiter;
import io.aiecs.governor.agent.limits.TimeSource;
import io.aiecs.governor.agent.streams.TrackedStreams;
import io.aiecs.governor.agent.usage.UsageShape;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Streams, handlers and deferred publishers hold their permit until their end and are charged once. */
class StreamingCallTest {
  /** A chunk shaped like OpenAI's: usage only on the last one, text on the others. */
  public record Chunk(String text, Optional<Usage> usage) {}

  public record Usage(long inputTokens, long outputTokens) {}

  private final CallSiteRegistry sites = new CallSiteRegistry();
  private final int site = sites.register("test", "chat",
      UsageShape.of("usage", "inputTokens", "outputTokens", null, null, null));
  private final AgentLimiter limiter = new AgentLimiter("default",
      new AgentLimits(1, 10_000, AgentLimits.UNLIMITED, 10_000, true, true, Duration.ofSeconds(1)), TimeSource.SYSTEM);
  private final CallGovernor governor = new CallGovernor(Map.of("default", limiter),
      new AgentResolver<>(List.of(), "default", Map.of("default", limiter)::get), sites);

  {
    // the tracker a library module would register: the result is a Java stream of chunks
    sites.registerTracker(site, (value, call) -> {
      @SuppressWarnings("unchecked") Stream<Chunk> chunks = (Stream<Chunk>) value;
      return TrackedStreams.follow(chunks, call, c -> call.text(c.text()));
    });
  }

  private static Chunk text(String s) {
    return new Chunk(s, Optional.empty());
  }

  private static Chunk usage(long in, long out) {
    return new Chunk("", Optional.of(new Usage(in, out)));
  }

  @SuppressWarnings("unchecked")
  private Stream<Chunk> start(Stream<Chunk> wire) {
    Object token = governor.enter(site, null, "request");
    return (Stream<Chunk>) governor.track(token, wire);
  }

  @Test
  void holdsThePermitUntilTheLastChunkAndChargesTheFinalUsage() {
    Stream<Chunk> stream = start(Stream.of(text("Hel"), text("lo"), usage(7, 3)));
    assertThat(limiter.availablePermits()).as("held while the stream is open").isZero();

    assertThat(stream.map(Chunk::text).collect(Collectors.joining())).isEqualTo("Hello");

    assertThat(limiter.availablePermits()).isEqualTo(1);
    assertThat(limiter.status().inputTokens()).isEqualTo(7);
    assertThat(limiter.status().outputTokens()).isEqualTo(3);
  }

  @Test
  void runningTotalsAreChargedOnceAsTheirLargestFigure() {
    Stream<Chunk> stream = start(Stream.of(usage(25, 1), text("abc"), usage(0, 9)));
    stream.forEach(c -> { });
    assertThat(limiter.status().inputTokens()).isEqualTo(25);
    assertThat(limiter.status().outputTokens()).isEqualTo(9);
  }

  @Test
  void closingEarlyReleasesAndChargesWhatArrived() {
    Stream<Chunk> stream = start(Stream.of(usage(5, 2), text("never read")));
    stream.iterator().next();
    assertThat(limiter.availablePermits()).isZero();

    stream.close();

    assertThat(limiter.availablePermits()).isEqualTo(1);
    assertThat(limiter.status().inputTokens()).isEqualTo(5);
  }

  @Test
  void aStreamWithoutUsageIsChargedAnEstimateFromItsText() {
    start(Stream.of(text("12345678"), text("1234"))).forEach(c -> { });
    assertThat(limiter.status().outputTokens()).as("12 characters, about 4 per token").isEqualTo(3);
    assertThat(limiter.status().inputTokens()).as("'request' is 7 characters").isEqualTo(2);
  }

  @Test
  void aFailingStreamReleasesAndRethrows() {
    Stream<Chunk> wire = Stream.of(text("a"), text("b")).map(c -> {
      if (c.text().equals("b")) {
        throw new IllegalStateException("connection reset");
      }
      return c;
    });
    Stream<Chunk> stream = start(wire);
    assertThatThrownBy(() -> stream.forEach(c -> { })).hasMessage("connection reset");
    assertThat(limiter.availablePermits()).isEqualTo(1);
  }

  @Test
  void whileAStreamIsOpenTheNextCallIsRefused() {
    start(Stream.of(text("a")));
    assertThatThrownBy(() -> governor.enter(site, null, "request"))
        .isInstanceOf(ResourceLimitExceededException.class);
  }

  @Test
  void aHandlerDrivenCallIsSettledByItsHandlerNotByItsReturn() {
    AtomicReference<StreamingCall> seen = new AtomicReference<>();
    int handlerSite = sites.register("test", "handler", UsageShape.of("usage", "inputTokens", "outputTokens",
        null, null, null));
    sites.registerTracker(handlerSite, (handler, call) -> {
      seen.set(call);
      return "wrapped " + handler;
    });

    Object token = governor.enter(handlerSite, null, "request");
    assertThat(governor.trackArgument(token, "handler")).isEqualTo("wrapped handler");
    governor.track(token, null); // the method returned; the stream goes on
    assertThat(limiter.availablePermits()).isZero();

    seen.get().element(usage(4, 6));
    seen.get().complete();
    assertThat(limiter.availablePermits()).isEqualTo(1);
    assertThat(limiter.status().outputTokens()).isEqualTo(6);
  }

  @Test
  void aDeferredCallIsAdmittedOnSubscriptionAndLayersInsideItPassThrough() throws Throwable {
    AtomicReference<DeferredStart.Admit> admit = new AtomicReference<>();
    int deferredSite = sites.register("test", "flux", UsageShape.of("usage", "inputTokens", "outputTokens",
        null, null, null));
    sites.registerDeferred(deferredSite, (publisher, a) -> {
      admit.set(a);
      return publisher;
    });

    governor.defer(deferredSite, null, "request", "publisher");
    assertThat(limiter.availablePermits()).as("nothing held before subscription").isEqualTo(1);

    StreamingCall call = admit.get().admit();
    assertThat(limiter.availablePermits()).isZero();
    call.beginNested();
    Object inner = governor.enter(site, null, "inner SDK call");
    assertThat(inner).as("an SDK layer below the subscription").isNotInstanceOf(CallPermit.class);
    governor.exit(inner, null, null);
    call.endNested();
    call.complete();
    assertThat(limiter.availablePermits()).isEqualTo(1);
    assertThatThrownBy(() -> {
      admit.get().admit();
      admit.get().admit();
    }).isInstanceOf(ResourceLimitExceededException.class);
  }
}

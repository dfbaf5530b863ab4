package io.aiecs.governor.agent.instrumentation.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aiecs.governor.ResourceLimitExceededException;
import io.aiecs.governor.agent.attribution.AgentResolver;
import io.aiecs.governor.agent.config.AgentLimits;
import io.aiecs.governor.agent.config.RejectAs;
import io.aiecs.governor.agent.instrumentation.anthropic.StainlessShapes.AsyncStreamResponse;
import io.aiecs.governor.agent.instrumentation.anthropic.StainlessShapes.Event;
import io.aiecs.governor.agent.instrumentation.anthropic.StainlessShapes.FakeAsyncStreamResponse;
import io.aiecs.governor.agent.instrumentation.anthropic.StainlessShapes.FakeStreamResponse;
import io.aiecs.governor.agent.instrumentation.anthropic.StainlessShapes.StreamResponse;
import io.aiecs.governor.agent.limits.AgentLimiter;
import io.aiecs.governor.agent.limits.TimeSource;
import io.aiecs.governor.agent.runtime.CallGovernor;
import io.aiecs.governor.agent.runtime.CallSiteRegistry;
import io.aiecs.governor.agent.streams.StreamResponses;
import io.aiecs.governor.agent.usage.TextPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The shared Stainless stream trackers ({@link StreamResponses}) with Anthropic's stream usage shape, and the
 * tool-callback gate of the tool runner, on fakes shaped like the SDK's types.
 */
class AnthropicStreamsTest {
  private final CallSiteRegistry sites = new CallSiteRegistry();
  private final int blocking = sites.register("anthropic", "stream", AnthropicInstrumentationModule.STREAM_USAGE);
  private final int async = sites.register("anthropic", "stream", AnthropicInstrumentationModule.STREAM_USAGE);
  private final AgentLimiter limiter = new AgentLimiter("default", new AgentLimits(1, 10_000, AgentLimits.UNLIMITED,
      10_000, true, true, Duration.ofSeconds(1), 1, AgentLimits.UNLIMITED, AgentLimits.UNLIMITED, null,
      AgentLimits.NO_THROTTLING, RejectAs.GOVERNOR), TimeSource.SYSTEM);
  private final CallGovernor governor = new CallGovernor(Map.of("default", limiter),
      new AgentResolver<>(List.of(), "default", Map.of("default", limiter)::get), sites);

  {
    sites.registerTracker(blocking, StreamResponses.blocking(null));
    sites.registerTracker(async, StreamResponses.async(null));
  }

  /** message_start (input 25), text, message_delta running totals (output 4, then 9 with input 25 again). */
  private static List<Event> events() {
    return List.of(Event.start(25), Event.text("Hel"), Event.delta(null, 4), Event.text("lo"), Event.delta(25L, 9));
  }

  @SuppressWarnings("unchecked")
  private StreamResponse<Event> streaming(FakeStreamResponse wire) {
    return (StreamResponse<Event>) governor.track(governor.enter(blocking, null, "request"), wire);
  }

  @SuppressWarnings("unchecked")
  private AsyncStreamResponse<Event> streamingAsync(FakeAsyncStreamResponse wire) {
    return (AsyncStreamResponse<Event>) governor.track(governor.enter(async, null, "request"), wire);
  }

  @Test
  void aBlockingStreamHoldsItsPermitUntilTheLastEventAndChargesStartAndDeltaOnce() {
    StreamResponse<Event> response = streaming(new FakeStreamResponse(events()));
    assertThat(limiter.availablePermits()).as("held while open").isZero();

    StringBuilder text = new StringBuilder();
    response.stream().forEach(e -> text.append(e.text()));

    assertThat(text).hasToString("Hello");
    assertThat(limiter.availablePermits()).isEqualTo(1);
    assertThat(limiter.status().inputTokens()).as("message_start's input, repeated in the delta: once").isEqualTo(25);
    assertThat(limiter.status().outputTokens()).as("the delta's running total, not the sum").isEqualTo(9);
    assertThat(limiter.status().totalTokens()).isEqualTo(34);
  }

  @Test
  void iteratingTheResponseItselfIsFollowedToo() {
    StreamResponse<Event> response = streaming(new FakeStreamResponse(events()));
    int n = 0;
    for (Event ignored : response) {
      n++;
    }
    assertThat(n).isEqualTo(5);
    assertThat(limiter.availablePermits()).isEqualTo(1);
    assertThat(limiter.status().outputTokens()).isEqualTo(9);
  }

  @Test
  void closingEarlyReleasesChargesWhatArrivedAndClosesTheResponse() {
    FakeStreamResponse wire = new FakeStreamResponse(events());
    StreamResponse<Event> response = streaming(wire);
    Iterator<Event> it = response.iterator();
    it.next();
    it.next();
    assertThat(limiter.availablePermits()).isZero();

    response.close();

    assertThat(wire.closed).isEqualTo(1);
    assertThat(limiter.availablePermits()).isEqualTo(1);
    assertThat(limiter.status().inputTokens()).isEqualTo(25);
  }

  @Test
  void aResponseDroppedUnreadIsReleasedOnceUnreachable() {
    streaming(new FakeStreamResponse(events()));
    awaitReleased();
  }

  @Test
  void aStreamTakenFromAResponseKeepsItReachableWhileRead() {
    Iterator<Event> it = streaming(new FakeStreamResponse(events())).stream().iterator();
    it.next();
    for (int i = 0; i < 5; i++) {
      System.gc();
    }
    assertThat(limiter.availablePermits()).as("only the iterator is held; the call is still running").isZero();
    it.forEachRemaining(e -> { });
    assertThat(limiter.availablePermits()).isEqualTo(1);
    assertThat(limiter.status().outputTokens()).isEqualTo(9);
  }

  @Test
  void anAsyncStreamIsSettledBeforeTheApplicationsHandlerHearsTheEnd() {
    AsyncStreamResponse<Event> response = streamingAsync(new FakeAsyncStreamResponse(events(), null));
    assertThat(limiter.availablePermits()).isZero();
    AtomicInteger permitsAtEnd = new AtomicInteger(-1);
    List<Event> seen = new ArrayList<>();

    AsyncStreamResponse<Event> chained = response.subscribe(new AsyncStreamResponse.Handler<>() {
      @Override
      public void onNext(Event value) {
        seen.add(value);
      }

      @Override
      public void onComplete(Optional<Throwable> error) {
        permitsAtEnd.set(limiter.availablePermits());
      }
    });

    assertThat(chained).as("subscribe returns the wrapper, not the SDK's response").isSameAs(response);
    assertThat(seen).hasSize(5);
    assertThat(permitsAtEnd.get()).isEqualTo(1);
    assertThat(limiter.status().inputTokens()).isEqualTo(25);
    assertThat(limiter.status().outputTokens()).isEqualTo(9);
  }

  @Test
  void aFailingAsyncStreamReleasesAndTheHandlerHearsTheError() {
    AsyncStreamResponse<Event> response =
        streamingAsync(new FakeAsyncStreamResponse(events(), new IllegalStateException("reset")));
    AtomicReference<Optional<Throwable>> error = new AtomicReference<>();
    response.subscribe(new AsyncStreamResponse.Handler<>() {
      @Override
      public void onNext(Event value) {}

      @Override
      public void onComplete(Optional<Throwable> e) {
        error.set(e);
      }
    });
    assertThat(error.get()).get().extracting(Throwable::getMessage).isEqualTo("reset");
    assertThat(limiter.availablePermits()).isEqualTo(1);
    assertThat(response.onCompleteFuture()).isCompletedExceptionally();
  }

  @Test
  void anAsyncStreamClosedOrDroppedBeforeSubscriptionIsReleased() {
    streamingAsync(new FakeAsyncStreamResponse(events(), null)).close();
    assertThat(limiter.availablePermits()).isEqualTo(1);

    streamingAsync(new FakeAsyncStreamResponse(events(), null));
    assertThat(limiter.availablePermits()).isZero();
    awaitReleased();
  }

  @Test
  void whileAStreamIsOpenTheNextCallIsRefused() {
    streaming(new FakeStreamResponse(events()));
    assertThatThrownBy(() -> governor.enter(blocking, null, "request"))
        .isInstanceOf(ResourceLimitExceededException.class);
  }

  /** A tool use block, as the runner's {@code BetaToolUseBlockParam}. */
  public record ToolUse(String name) {}

  /** The runner's {@code runTool(span, toolUse, description, Function0)}, with its catch around the callback. */
  private static String runTool(Object[] args) {
    @SuppressWarnings("unchecked") Supplier<String> run = (Supplier<String>) args[3];
    try {
      return run.get();
    } catch (Exception e) {
      return "Error: " + e.getMessage();
    }
  }

  @Test
  void aRefusedToolRunsACallbackThatThrowsTheRefusalSoTheRunnerReportsItAsAFailingTool() {
    int tool = sites.registerToolSite(new CallSiteRegistry.ToolSite("runner", 1, TextPath.anyOf("name"), 3,
        CallSiteRegistry.ToolRefusal.throwingFrom("get")));
    AtomicInteger ran = new AtomicInteger();
    Supplier<String> callback = () -> "ran " + ran.incrementAndGet();

    Object[] args = {"span", new ToolUse("weather"), "d", callback};
    assertThat(governor.enterToolExecution(tool, this, args)).as("admitted: runs as it is").isNull();
    assertThat(runTool(args)).isEqualTo("ran 1");
    Object[] second = (Object[]) governor.enterToolExecution(tool, this, args);
    String result = runTool(second);

    assertThat(result).startsWith("Error: ").contains("tool");
    assertThat(ran.get()).as("the refused tool never ran").isEqualTo(1);
    assertThat(limiter.status().toolCalls()).isEqualTo(1);
  }

  private void awaitReleased() {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (limiter.availablePermits() == 0 && System.nanoTime() < deadline) {
      System.gc();
      Thread.yield();
    }
    assertThat(limiter.availablePermits()).as("released once unreachable").isEqualTo(1);
  }
}

package io.aiecs.governor.agent.instrumentation.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiecs.governor.agent.runtime.StreamingCall;
import io.aiecs.governor.agent.usage.PropertyPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The Bedrock adapters against fake types shaped like the SDK's (checked with javap against 2.57.8). */
class BedrockAdaptersTest {

  // --- InvokeModel usage from Bedrock's token-count headers

  public interface FakeHttpHeaders {
    Optional<String> firstMatchingHeader(String name);
  }

  public record FakeInvokeModelResponse(FakeHttpHeaders sdkHttpResponse) {}

  @Test
  void invokeModelUsageComesFromTheTokenCountHeaders() {
    Map<String, String> headers = Map.of(InvokeModelUsage.INPUT_HEADER, "120", InvokeModelUsage.OUTPUT_HEADER, " 33");
    long[] seen = new long[5];
    boolean found = InvokeModelUsage.read(new FakeInvokeModelResponse(n -> Optional.ofNullable(headers.get(n))),
        (in, out, total, cached, reasoning) -> {
          seen[0] = in;
          seen[1] = out;
          seen[2] = total;
        });
    assertThat(found).isTrue();
    assertThat(seen[0]).isEqualTo(120);
    assertThat(seen[1]).isEqualTo(33);
    assertThat(seen[2]).isEqualTo(PropertyPath.ABSENT);
  }

  @Test
  void withoutHeadersOrAReadableBodyNothingIsCharged() {
    boolean found = InvokeModelUsage.read(new FakeInvokeModelResponse(n -> Optional.empty()),
        (in, out, total, cached, reasoning) -> {
          throw new AssertionError("no usage expected");
        });
    assertThat(found).isFalse();
  }

  // --- converseStream: the handler wrapped, its publisher followed

  /** Shaped like SdkPublisher: map and doAfterOnCancel return new publishers. */
  public interface FakePublisher {
    FakePublisher map(Function<Object, Object> f);

    FakePublisher doAfterOnCancel(Runnable r);

    void deliver(Object event);

    void cancel();
  }

  static final class Publisher implements FakePublisher {
    final Function<Object, Object> f;
    final Runnable onCancel;
    final List<Object> delivered = new ArrayList<>();

    Publisher(Function<Object, Object> f, Runnable onCancel) {
      this.f = f;
      this.onCancel = onCancel;
    }

    @Override
    public FakePublisher map(Function<Object, Object> g) {
      return new Publisher(f == null ? g : f.andThen(g), onCancel);
    }

    @Override
    public FakePublisher doAfterOnCancel(Runnable r) {
      return new Publisher(f, r);
    }

    @Override
    public void deliver(Object event) {
      delivered.add(f == null ? event : f.apply(event));
    }

    @Override
    public void cancel() {
      if (onCancel != null) {
        onCancel.run();
      }
    }
  }

  /** Shaped like EventStreamResponseHandler. */
  public interface FakeHandler {
    void onEventStream(FakePublisher publisher);

    void exceptionOccurred(Throwable t);

    void complete();
  }

  static class Recording implements StreamingCall {
    final List<Object> elements = new ArrayList<>();
    final List<String> ends = new ArrayList<>();

    @Override public void element(Object element) { elements.add(element); }
    @Override public void usage(long i, long o, long t, long c, long r) { }
    @Override public void text(CharSequence delta) { }
    @Override public void textChars(long chars) { }
    @Override public void complete() { ends.add("complete"); }
    @Override public Throwable fail(Throwable error) {
      ends.add("fail");
      return new IllegalStateException("instead");
    }
    @Override public void cancel() { ends.add("cancel"); }
    @Override public boolean isSettled() { return !ends.isEmpty(); }
    @Override public void beginNested() { }
    @Override public void endNested() { }
  }

  static final class AppHandler implements FakeHandler {
    FakePublisher publisher;
    final List<String> heard = new ArrayList<>();
    Recording call;

    @Override
    public void onEventStream(FakePublisher p) {
      publisher = p;
    }

    @Override
    public void exceptionOccurred(Throwable t) {
      heard.add("error:" + t.getMessage());
    }

    @Override
    public void complete() {
      heard.add("complete after " + call.ends);
    }
  }

  @Test
  void everyEventReachesTheCallAndItSettlesBeforeTheApplicationHearsOfTheEnd() {
    Recording call = new Recording();
    AppHandler app = new AppHandler();
    app.call = call;
    FakeHandler wrapped = (FakeHandler) EventStreamHandlers.CONVERSE_STREAM.track(app, call);

    wrapped.onEventStream(new Publisher(null, null));
    app.publisher.deliver("messageStart");
    app.publisher.deliver("metadata");
    wrapped.complete();

    assertThat(call.elements).containsExactly("messageStart", "metadata");
    assertThat(app.heard).containsExactly("complete after [complete]");
  }

  @Test
  void aCancelledSubscriptionCancelsTheCallAndAFailureIsReplacedWhenTheCallSaysSo() {
    Recording call = new Recording();
    AppHandler app = new AppHandler();
    app.call = call;
    FakeHandler wrapped = (FakeHandler) EventStreamHandlers.CONVERSE_STREAM.track(app, call);
    wrapped.onEventStream(new Publisher(null, null));

    app.publisher.cancel();
    wrapped.exceptionOccurred(new RuntimeException("cut"));

    assertThat(call.ends).containsExactly("cancel", "fail");
    assertThat(app.heard).containsExactly("error:instead");
  }

  // --- invokeModelWithResponseStream: each PayloadPart is a piece of the model's own JSON

  /** Shaped like SdkBytes. */
  public record FakeBytes(String asUtf8String) {}

  /** Shaped like PayloadPart. */
  public record FakePayloadPart(FakeBytes bytes) {}

  static FakePayloadPart part(String json) {
    return new FakePayloadPart(new FakeBytes(json));
  }

  /** Keeps the largest figure per field, as the governor's streaming call does. */
  static final class Largest extends Recording {
    final long[] usage = {-1, -1, -1, -1, -1};
    final StringBuilder text = new StringBuilder();

    @Override
    public void usage(long i, long o, long t, long c, long r) {
      long[] seen = {i, o, t, c, r};
      for (int k = 0; k < 5; k++) {
        usage[k] = Math.max(usage[k], seen[k]);
      }
    }

    @Override
    public void text(CharSequence delta) {
      text.append(delta);
    }
  }

  @Test
  void aStreamedInvokeModelIsChargedBedrocksInvocationMetricsFromItsLastChunk() {
    Largest call = new Largest();
    AppHandler app = new AppHandler();
    app.call = call;
    FakeHandler wrapped = (FakeHandler) EventStreamHandlers.INVOKE_MODEL_STREAM.track(app, call);
    wrapped.onEventStream(new Publisher(null, null));

    app.publisher.deliver(part("{\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":\"Hel\"}}"));
    app.publisher.deliver(part("{\"type\":\"message_stop\",\"amazon-bedrock-invocationMetrics\":"
        + "{\"inputTokenCount\":321,\"outputTokenCount\":45,\"invocationLatency\":900,\"firstByteLatency\":80}}"));
    wrapped.complete();

    assertThat(call.usage[0]).isEqualTo(321);
    assertThat(call.usage[1]).isEqualTo(45);
    assertThat(call.text).hasToString("Hel");
    assertThat(call.ends).containsExactly("complete");
  }

  @Test
  void withoutInvocationMetricsClaudesOwnStreamedUsageCounts() {
    Largest call = new Largest();
    InvokeModelUsage.chunk(part("{\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"usage\":"
        + "{\"input_tokens\":25,\"cache_read_input_tokens\":5,\"output_tokens\":1}}}"), call);
    InvokeModelUsage.chunk(part("{\"type\":\"content_block_delta\",\"index\":0,"
        + "\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello\"}}"), call);
    InvokeModelUsage.chunk(part("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
        + "\"usage\":{\"output_tokens\":12}}"), call);

    assertThat(call.usage[0]).as("input_tokens plus the cache read").isEqualTo(30);
    assertThat(call.usage[1]).isEqualTo(12);
    assertThat(call.usage[3]).isEqualTo(5);
    assertThat(call.text).hasToString("Hello");
  }

  @Test
  void chunksWithoutUsageGiveTheirTextForTheEstimateAndUnreadableOnesAreSkipped() {
    Largest call = new Largest();
    InvokeModelUsage.chunk(part("{\"outputText\":\"Titan says \",\"index\":0}"), call);
    InvokeModelUsage.chunk(part("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}"), call);
    InvokeModelUsage.chunk(part("not json"), call);
    InvokeModelUsage.chunk(new FakePayloadPart(null), call);

    assertThat(call.usage).containsOnly(-1L);
    assertThat(call.text).hasToString("Titan says hi");
  }
}

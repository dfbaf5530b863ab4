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

  static final class Recording implements StreamingCall {
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
    FakeHandler wrapped = (FakeHandler) EventStreamHandlers.TRACKER.track(app, call);

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
    FakeHandler wrapped = (FakeHandler) EventStreamHandlers.TRACKER.track(app, call);
    wrapped.onEventStream(new Publisher(null, null));

    app.publisher.cancel();
    wrapped.exceptionOccurred(new RuntimeException("cut"));

    assertThat(call.ends).containsExactly("cancel", "fail");
    assertThat(app.heard).containsExactly("error:instead");
  }
}

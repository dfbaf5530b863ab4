package io.aiecs.governor.agent.instrumentation.anthropic;

import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Types shaped like anthropic-java's (javap-checked against 3.14.0): the Stainless stream responses, and the raw
 * message stream events with their usage.
 */
public final class StainlessShapes {
  private StainlessShapes() {}

  /** {@code com.anthropic.core.http.StreamResponse}. */
  public interface StreamResponse<T> extends Iterable<T>, AutoCloseable {
    Stream<T> stream();

    @Override
    default Iterator<T> iterator() {
      return stream().iterator();
    }

    @Override
    void close();
  }

  /** {@code com.anthropic.core.http.AsyncStreamResponse}. */
  public interface AsyncStreamResponse<T> {
    AsyncStreamResponse<T> subscribe(Handler<? super T> handler);

    AsyncStreamResponse<T> subscribe(Handler<? super T> handler, Executor executor);

    CompletableFuture<Void> onCompleteFuture();

    void close();

    interface Handler<T> {
      void onNext(T value);

      default void onComplete(Optional<Throwable> error) {}
    }
  }

  public record Usage(long inputTokens, long outputTokens, Optional<Long> cacheReadInputTokens) {}

  public record DeltaUsage(Optional<Long> inputTokens, long outputTokens) {}

  public record Message(Usage usage) {}

  public record Start(Message message) {}

  public record Delta(DeltaUsage usage) {}

  /** {@code RawMessageStreamEvent}: a union read through Optional accessors. */
  public record Event(Optional<Start> messageStart, Optional<Delta> messageDelta, String text) {
    static Event start(long input) {
      return new Event(Optional.of(new Start(new Message(new Usage(input, 1, Optional.of(3L))))), Optional.empty(), "");
    }

    static Event text(String text) {
      return new Event(Optional.empty(), Optional.empty(), text);
    }

    static Event delta(Long input, long output) {
      return new Event(Optional.empty(), Optional.of(new Delta(new DeltaUsage(Optional.ofNullable(input), output))),
          "");
    }
  }

  /** A blocking stream response over events; counts its closes. */
  public static final class FakeStreamResponse implements StreamResponse<Event> {
    private final List<Event> events;
    int closed;

    FakeStreamResponse(List<Event> events) {
      this.events = events;
    }

    @Override
    public Stream<Event> stream() {
      return events.stream();
    }

    @Override
    public void close() {
      closed++;
    }
  }

  /** As the SDK's {@code toAsync}: events are pushed on subscription, then onComplete, then the future. */
  public static final class FakeAsyncStreamResponse implements AsyncStreamResponse<Event> {
    private final List<Event> events;
    private final RuntimeException failure;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final AtomicReference<String> state = new AtomicReference<>("new");

    FakeAsyncStreamResponse(List<Event> events, RuntimeException failure) {
      this.events = events;
      this.failure = failure;
    }

    @Override
    public AsyncStreamResponse<Event> subscribe(Handler<? super Event> handler) {
      return subscribe(handler, Runnable::run);
    }

    @Override
    public AsyncStreamResponse<Event> subscribe(Handler<? super Event> handler, Executor executor) {
      if (!state.compareAndSet("new", "subscribed")) {
        throw new IllegalStateException("Cannot subscribe more than once");
      }
      executor.execute(() -> {
        events.forEach(handler::onNext);
        handler.onComplete(Optional.ofNullable(failure));
        if (failure == null) {
          done.complete(null);
        } else {
          done.completeExceptionally(failure);
        }
      });
      return this;
    }

    @Override
    public CompletableFuture<Void> onCompleteFuture() {
      return done;
    }

    @Override
    public void close() {
      state.set("closed");
      done.complete(null);
    }
  }
}

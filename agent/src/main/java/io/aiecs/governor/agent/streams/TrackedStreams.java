package io.aiecs.governor.agent.streams;

import io.aiecs.governor.agent.runtime.StreamingCall;
import java.util.Spliterator;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A {@link java.util.stream.Stream} of chunks followed to its end: every element goes to the call, the end of
 * the elements completes it, a failure fails it and closing the stream early cancels it. Only JDK types are
 * involved, so the wrapper needs no class in the application's class loader.
 */
public final class TrackedStreams {
  private TrackedStreams() {}

  /**
   * @param onElement what to read from each element besides the site's usage shape (e.g. streamed text for the
   *                  estimate), or null
   */
  public static <T> Stream<T> follow(Stream<T> source, StreamingCall call, Consumer<? super T> onElement) {
    Stream<T> followed = StreamSupport.stream(new Following<>(source.spliterator(), call, onElement), false);
    return followed.onClose(() -> {
      try {
        source.close();
      } finally {
        call.cancel(); // a no-op when the elements ran out first
      }
    });
  }

  private static final class Following<T> implements Spliterator<T>, Consumer<T> {
    private final Spliterator<T> source;
    private final StreamingCall call;
    private final Consumer<? super T> onElement;
    private Consumer<? super T> downstream;

    Following(Spliterator<T> source, StreamingCall call, Consumer<? super T> onElement) {
      this.source = source;
      this.call = call;
      this.onElement = onElement;
    }

    @Override
    public boolean tryAdvance(Consumer<? super T> action) {
      downstream = action;
      boolean more;
      try {
        more = source.tryAdvance(this);
      } catch (RuntimeException | Error e) {
        Throwable instead = call.fail(e);
        if (instead instanceof RuntimeException r) {
          throw r;
        }
        throw e;
      }
      if (!more) {
        call.complete();
      }
      return more;
    }

    /** One element from the source: seen by the call, then handed on. */
    @Override
    public void accept(T element) {
      call.element(element);
      if (onElement != null) {
        onElement.accept(element);
      }
      downstream.accept(element);
    }

    @Override
    public Spliterator<T> trySplit() {
      return null; // chunks arrive in order, one at a time
    }

    @Override
    public long estimateSize() {
      return source.estimateSize();
    }

    @Override
    public int characteristics() {
      return source.characteristics() & (ORDERED | NONNULL | IMMUTABLE);
    }
  }
}

package io.aiecs.governor.agent.streams;

import io.aiecs.governor.agent.runtime.StreamTracker;
import io.aiecs.governor.agent.runtime.StreamingCall;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Trackers for the stream responses of the Stainless-generated Kotlin SDKs (openai-java, anthropic-java), and of
 * any library whose streams have the same shape. They go by method names, never by the SDK's types, so one
 * tracker serves every such SDK:
 * <ul>
 *   <li>{@link #blocking}: an object with {@code stream()} (a {@link Stream} of events), {@code close()} and,
 *   being {@link Iterable}, {@code iterator()}: the call ends when the stream runs out, fails or is closed;</li>
 *   <li>{@link #async}: an object with {@code subscribe(handler[, executor])}, whose handler hears
 *   {@code onNext(event)} and {@code onComplete(Optional<Throwable>)}, {@code onCompleteFuture()} and
 *   {@code close()}: the call ends when the handler hears the end, or when the future completes (closed, failed
 *   or dropped before anyone subscribed).</li>
 * </ul>
 * Each returns a {@link Proxies} wrapper of the response's own interfaces, released when the application drops
 * it unread (a stream taken from it keeps it reachable while it is read).
 */
public final class StreamResponses {
  private StreamResponses() {}

  /**
   * @param onElement what to read from each event besides the site's usage shape (e.g. streamed text for the
   *                  estimate when no usage is reported), or null
   */
  public static StreamTracker blocking(BiConsumer<Object, StreamingCall> onElement) {
    return (response, call) -> {
      BlockingResponse wrapper = new BlockingResponse(call, onElement);
      Object proxy = Proxies.wrap(response, wrapper);
      wrapper.proxy = proxy;
      Unreachable.cancelWhenDropped(proxy, call);
      return proxy;
    };
  }

  /** @param onElement as for {@link #blocking}, or null */
  public static StreamTracker async(BiConsumer<Object, StreamingCall> onElement) {
    return (response, call) -> {
      AtomicBoolean subscribed = new AtomicBoolean();
      AsyncResponse wrapper = new AsyncResponse(call, onElement, subscribed);
      Object proxy = Proxies.wrap(response, wrapper);
      wrapper.proxy = proxy;
      // closed, failed or dropped before any subscription: the SDK completes this future
      if (invoke(response, "onCompleteFuture") instanceof CompletableFuture<?> done) {
        done.whenComplete((ignored, error) -> {
          if (error == null) {
            call.cancel();
          } else {
            call.fail(error);
          }
        });
      }
      Unreachable.whenDropped(proxy, () -> {
        if (!subscribed.get()) {
          call.cancel(); // subscribed, the stream runs on without the response and its handler settles the call
        }
      });
      return proxy;
    };
  }

  /** A no-argument method of {@code target}, called through the public interface that declares it; or null. */
  private static Object invoke(Object target, String name) {
    Method method = Proxies.interfaceMethod(target, name);
    try {
      return method == null ? null : method.invoke(target);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  private static final class BlockingResponse implements Proxies.Interceptor {
    private final StreamingCall call;
    private final BiConsumer<Object, StreamingCall> onElement;
    /** The wrapper the application holds; the streams taken from it keep it reachable while they are read. */
    volatile Object proxy;

    BlockingResponse(StreamingCall call, BiConsumer<Object, StreamingCall> onElement) {
      this.call = call;
      this.onElement = onElement;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object invoke(Object target, Method method, Object[] args) throws Throwable {
      return switch (method.getName()) {
        case "stream" -> followed(target, method, args);
        case "iterator" -> followed(target).iterator();
        case "spliterator" -> followed(target).spliterator();
        case "forEach" -> {
          followed(target).forEach((Consumer<Object>) args[0]);
          yield null;
        }
        case "close" -> {
          try {
            yield Proxies.forward(target, method, args);
          } finally {
            call.cancel(); // a no-op when the stream ran out first
          }
        }
        default -> Proxies.forward(target, method, args);
      };
    }

    private Stream<Object> followed(Object target) throws Throwable {
      Method stream = Proxies.interfaceMethod(target, "stream");
      if (stream == null) {
        throw new IllegalStateException("no stream() on " + target.getClass().getName());
      }
      return followed(target, stream, null);
    }

    @SuppressWarnings("unchecked")
    private Stream<Object> followed(Object target, Method stream, Object[] args) throws Throwable {
      Object source = Proxies.forward(target, stream, args);
      if (!(source instanceof Stream<?> events)) {
        return (Stream<Object>) source;
      }
      return TrackedStreams.follow((Stream<Object>) events, call, new Reader(proxy, call, onElement));
    }
  }

  /**
   * Reads each event for the call; holds the wrapper the application was given, so that a stream or iterator
   * taken from it keeps it reachable while it is read ({@code createStreaming(...).stream().forEach(...)} holds
   * nothing else).
   */
  private static final class Reader implements Consumer<Object> {
    private final Object holder;
    private final StreamingCall call;
    private final BiConsumer<Object, StreamingCall> onElement;

    Reader(Object holder, StreamingCall call, BiConsumer<Object, StreamingCall> onElement) {
      this.holder = holder;
      this.call = call;
      this.onElement = onElement;
    }

    @Override
    public void accept(Object event) {
      if (onElement != null) {
        onElement.accept(event, call);
      }
    }

    @Override
    public String toString() {
      return "events of " + holder.getClass().getName();
    }
  }

  private static final class AsyncResponse implements Proxies.Interceptor {
    private final StreamingCall call;
    private final BiConsumer<Object, StreamingCall> onElement;
    private final AtomicBoolean subscribed;
    volatile Object proxy;

    AsyncResponse(StreamingCall call, BiConsumer<Object, StreamingCall> onElement, AtomicBoolean subscribed) {
      this.call = call;
      this.onElement = onElement;
      this.subscribed = subscribed;
    }

    @Override
    public Object invoke(Object target, Method method, Object[] args) throws Throwable {
      switch (method.getName()) {
        case "subscribe" -> {
          if (args != null && args.length > 0 && args[0] != null) {
            args[0] = Proxies.wrap(args[0], this::handler);
            subscribed.set(true);
          }
          Object returned = Proxies.forward(target, method, args);
          return returned == target ? proxy : returned; // chained calls stay on the wrapper
        }
        case "close" -> {
          try {
            return Proxies.forward(target, method, args);
          } finally {
            call.cancel();
          }
        }
        default -> {
          return Proxies.forward(target, method, args);
        }
      }
    }

    /** The application's handler, seen first by the call: every event, then the end (settled before it hears it). */
    private Object handler(Object target, Method method, Object[] args) throws Throwable {
      switch (method.getName()) {
        case "onNext" -> {
          if (args != null && args.length == 1) {
            call.element(args[0]);
            if (onElement != null) {
              onElement.accept(args[0], call);
            }
          }
        }
        case "onComplete" -> {
          if (args != null && args.length == 1 && args[0] instanceof Optional<?> error) {
            if (error.isPresent()) {
              Throwable instead = call.fail((Throwable) error.get());
              if (instead != null) {
                args[0] = Optional.of(instead);
              }
            } else {
              call.complete();
            }
          }
        }
        default -> {
          // other methods of the handler pass through
        }
      }
      return Proxies.forward(target, method, args);
    }
  }
}

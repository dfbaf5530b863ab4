package io.aiecs.governor.agent.instrumentation.bedrock;

import io.aiecs.governor.GovernorException;
import io.aiecs.governor.agent.runtime.GovernedCall;
import io.aiecs.governor.agent.runtime.StreamTracker;
import io.aiecs.governor.agent.runtime.StreamingCall;
import io.aiecs.governor.agent.streams.FutureResults;
import io.aiecs.governor.agent.streams.Proxies;
import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Follows an AWS SDK event stream through its response handler ({@code EventStreamResponseHandler}:
 * {@code responseReceived}, {@code onEventStream(SdkPublisher)}, {@code exceptionOccurred}, {@code complete}).
 * The handler is wrapped ({@link Proxies}); the publisher it is given is replaced by the SDK's own
 * {@code publisher.map(f).doAfterOnCancel(r)}, built with JDK functional types, so every event reaches the
 * call through the operation's {@link EventReader} and a cancelled subscription releases it. The call settles
 * before the application's handler hears of the completion or failure.
 */
final class EventStreamHandlers {
  private EventStreamHandlers() {}

  /** What one event of the stream tells the call (usage, streamed text). */
  @FunctionalInterface
  interface EventReader {
    void read(Object event, StreamingCall call);
  }

  /** {@code converseStream}: the metadata event carries {@code usage()}, read with the site's usage shape. */
  static final StreamTracker CONVERSE_STREAM = tracker((event, call) -> call.element(event));

  /** {@code invokeModelWithResponseStream}: each chunk is a piece of the model's own JSON. */
  static final StreamTracker INVOKE_MODEL_STREAM = tracker(InvokeModelUsage::chunk);

  static StreamTracker tracker(EventReader reader) {
    return new StreamTracker() {
      @Override
      public Object track(Object handler, StreamingCall call) {
        return wrap(handler, call, reader);
      }

      /**
       * The method's {@code CompletableFuture<Void>}: the call is settled before it completes (the application's
       * {@code join()} finds the permit back, also after a cancelled stream), and it fails like the handler was
       * told (a failure after the task's deadline is the {@link io.aiecs.governor.TaskTimeoutException} there too);
       * a failure the handler never hears of still ends the call.
       */
      @Override
      public Object trackResult(Object result, StreamingCall call) {
        if (!(result instanceof CompletableFuture<?> future)) {
          return result;
        }
        return FutureResults.seenFirst(future, (value, failure) -> {
          if (failure == null) {
            call.complete(); // settled already, unless a cancelled stream's release is still on its way
            return null;
          }
          Throwable cause = failure instanceof CompletionException && failure.getCause() != null
              ? failure.getCause() : failure;
          Throwable instead = call.fail(cause);
          if (instead == null && call instanceof GovernedCall g && g.error() instanceof GovernorException ended
              && ended != cause) {
            instead = ended; // settled already through the handler, which was given the governor's exception
          }
          return instead;
        });
      }
    };
  }

  private static Object wrap(Object handler, StreamingCall call, EventReader reader) {
    return Proxies.wrap(handler, (target, method, args) -> {
      switch (method.getName()) {
        case "onEventStream" -> {
          if (args != null && args.length == 1 && args[0] != null) {
            args[0] = followed(args[0], call, reader);
          }
        }
        case "complete" -> call.complete();
        case "exceptionOccurred" -> {
          if (args != null && args.length == 1 && args[0] instanceof Throwable failure) {
            Throwable instead = call.fail(failure);
            if (instead != null) {
              args[0] = instead;
            }
          }
        }
        default -> { }
      }
      return Proxies.forward(target, method, args);
    });
  }

  /** {@code publisher.map(identity that reports each event).doAfterOnCancel(cancel)}; the publisher if it cannot. */
  static Object followed(Object publisher, StreamingCall call, EventReader reader) {
    try {
      Method map = Reflect.publicMethod(publisher.getClass(), "map", Function.class);
      Function<Object, Object> report = event -> {
        reader.read(event, call);
        return event;
      };
      Object mapped = map.invoke(publisher, report);
      Runnable cancelled = call::cancel;
      return Reflect.publicMethod(mapped.getClass(), "doAfterOnCancel", Runnable.class).invoke(mapped, cancelled);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return publisher; // another SDK version: settled by complete/exceptionOccurred, usage not seen
    }
  }
}

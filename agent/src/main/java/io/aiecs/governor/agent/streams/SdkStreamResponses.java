package io.aiecs.governor.agent.streams;

import io.aiecs.governor.agent.runtime.StreamingCall;
import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

/**
 * The stream responses of the Stainless-generated Kotlin SDKs (OpenAI's and Anthropic's {@code openai-java},
 * {@code anthropic-java}): a blocking {@code StreamResponse<T>} ({@code stream()}, {@code close()}) and an
 * {@code AsyncStreamResponse<T>} ({@code subscribe(handler[, executor])}, {@code onCompleteFuture()},
 * {@code close()}). Both are followed through proxies of the SDK's own interfaces; the SDK's classes are never
 * linked.
 */
public final class SdkStreamResponses {
  private SdkStreamResponses() {}

  /**
   * A blocking stream response: its {@code stream()} is followed to the end, {@code close()} before the end
   * cancels, and dropping it unclosed releases the call.
   *
   * @param textOf characters of text in a chunk, for the estimate when the stream reports no usage
   */
  public static Object followBlocking(Object response, StreamingCall call, ToLongFunction<Object> textOf) {
    Object wrapper = Proxies.wrap(response, (target, method, args) -> switch (method.getName()) {
      case "stream" -> follow(Proxies.forward(target, method, args), call, textOf);
      case "close" -> closeThenCancel(target, method, args, call);
      default -> Proxies.forward(target, method, args);
    });
    Unreachable.cancelWhenDropped(wrapper, call);
    return wrapper;
  }

  /**
   * An async stream response: every handler it is subscribed with reports chunks to the call, and the call ends
   * with the response's {@code onCompleteFuture()} (or when it is closed or dropped).
   */
  public static Object followAsync(Object response, StreamingCall call, ToLongFunction<Object> textOf) throws Throwable {
    Method onComplete = Proxies.interfaceMethod(response, "onCompleteFuture");
    if (onComplete != null && Proxies.forward(response, onComplete, null) instanceof CompletableFuture<?> done) {
      done.whenComplete((ignored, failure) -> {
        if (failure == null) {
          call.complete();
        } else {
          call.fail(failure);
        }
      });
    }
    Object wrapper = Proxies.wrap(response, (target, method, args) -> {
      if (method.getName().equals("subscribe") && args != null && args.length >= 1 && args[0] != null) {
        Object[] wrapped = args.clone();
        wrapped[0] = Proxies.wrap(args[0], (handler, m, a) -> {
          if (m.getName().equals("onNext") && a != null && a.length == 1) {
            call.element(a[0]);
            call.textChars(textOf.applyAsLong(a[0]));
          }
          return Proxies.forward(handler, m, a);
        });
        return Proxies.forward(target, method, wrapped);
      }
      if (method.getName().equals("close")) {
        return closeThenCancel(target, method, args, call);
      }
      return Proxies.forward(target, method, args);
    });
    Unreachable.cancelWhenDropped(wrapper, call);
    return wrapper;
  }

  private static Object follow(Object stream, StreamingCall call, ToLongFunction<Object> textOf) {
    if (!(stream instanceof Stream<?> chunks)) {
      return stream;
    }
    @SuppressWarnings("unchecked") Stream<Object> s = (Stream<Object>) chunks;
    return TrackedStreams.follow(s, call, chunk -> call.textChars(textOf.applyAsLong(chunk)));
  }

  private static Object closeThenCancel(Object target, Method close, Object[] args, StreamingCall call)
      throws Throwable {
    try {
      return Proxies.forward(target, close, args);
    } finally {
      call.cancel();
    }
  }
}

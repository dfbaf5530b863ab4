package io.aiecs.governor.agent.instrumentation.langchain4j;

import io.aiecs.governor.agent.runtime.StreamingCall;
import io.aiecs.governor.agent.streams.Proxies;
import io.aiecs.governor.agent.streams.Unreachable;
import io.aiecs.governor.agent.usage.PropertyPath;
import io.aiecs.governor.agent.usage.TextPath;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;

/**
 * Follows a streaming call through the {@code StreamingChatResponseHandler} it was given: the handler is replaced
 * by a proxy of the same interfaces that tells the call what happened before the application's handler hears it.
 * <ul>
 *   <li>{@code onCompleteResponse(ChatResponse)}: the response's usage is charged and the call completed first,
 *       so an application (or AiServices' tool loop) that calls the model again from its handler is admitted as
 *       a new call, not stuck behind this one;</li>
 *   <li>{@code onError(Throwable)}: the call fails (the task's timeout, if passed, is delivered instead);</li>
 *   <li>{@code onPartialResponse}: the text counts for the estimate, used only if no usage arrives;</li>
 *   <li>a handler that cancels the stream through its callback context's {@code streamingHandle()} releases the
 *       call within {@code cancel()}, so work the handler starts next is not held behind it;</li>
 *   <li>a handler the library drops without either end (a stream abandoned) releases the call once
 *       unreachable.</li>
 * </ul>
 */
final class StreamingHandlers {
  private static final TextPath PARTIAL_TEXT = TextPath.anyOf("text");
  private static final PropertyPath HANDLE = PropertyPath.of("streamingHandle");
  private static final PropertyPath CANCELLED = PropertyPath.of("streamingHandle", "isCancelled");
  /** The {@code (StreamingHandle)} constructor of a callback context class, or null. */
  private static final ClassValue<Constructor<?>> CONTEXTS = new ClassValue<>() {
    @Override
    protected Constructor<?> computeValue(Class<?> type) {
      for (Constructor<?> c : type.getConstructors()) {
        Class<?>[] params = c.getParameterTypes();
        if (params.length == 1 && params[0].isInterface() && params[0].getSimpleName().equals("StreamingHandle")) {
          return c;
        }
      }
      return null;
    }
  };

  private StreamingHandlers() {}

  static Object track(Object handler, StreamingCall call) {
    Tracked tracked = new Tracked(call);
    Object wrapped = Proxies.wrap(handler, tracked::intercept);
    if (wrapped != handler) {
      Unreachable.cancelWhenDropped(wrapped, call);
    }
    return wrapped;
  }

  /** One stream's handler: its callbacks come one at a time, from the library's stream thread. */
  private static final class Tracked {
    private final StreamingCall call;
    private Object handle;
    private Object cancelling;

    Tracked(StreamingCall call) {
      this.call = call;
    }

    Object intercept(Object target, Method method, Object[] args) throws Throwable {
      int arity = args == null ? 0 : args.length;
      switch (method.getName()) {
        case "onCompleteResponse" -> {
          if (arity == 1) {
            call.element(args[0]);
            call.complete();
          }
        }
        case "onError" -> {
          if (arity == 1 && args[0] instanceof Throwable error) {
            Throwable replaced = call.fail(error);
            if (replaced != null) {
              args[0] = replaced;
            }
          }
        }
        case "onPartialResponse" -> {
          if (arity >= 1) {
            CharSequence text = args[0] instanceof CharSequence s ? s : PARTIAL_TEXT.read(args[0]);
            if (text != null) {
              call.text(text);
            }
          }
        }
        default -> {
          // thinking, tool-call deltas, raw events: passed on as they are
        }
      }
      if (arity == 2 && args[1] != null) {
        args[1] = cancellable(args[1]);
      }
      Object result = Proxies.forward(target, method, args);
      if (arity == 2 && !call.isSettled() && Boolean.TRUE.equals(CANCELLED.read(args[1]))) {
        call.cancel(); // cancelled through a handle this class could not wrap
      }
      return result;
    }

    /**
     * The callback's context (carrying the stream's {@code StreamingHandle}) rebuilt around a handle whose
     * {@code cancel()} releases the call at once, before the application's handler goes on; unchanged when it
     * cannot be rebuilt.
     */
    private Object cancellable(Object context) throws ReflectiveOperationException {
      Constructor<?> rebuild = CONTEXTS.get(context.getClass());
      Object current = rebuild == null ? null : HANDLE.read(context);
      if (current == null) {
        return context;
      }
      if (current != handle) {
        handle = current;
        cancelling = Proxies.wrap(current, (h, m, a) -> {
          if (m.getName().equals("cancel")) {
            call.cancel();
          }
          return Proxies.forward(h, m, a);
        });
      }
      return cancelling == current ? context : rebuild.newInstance(cancelling);
    }
  }
}

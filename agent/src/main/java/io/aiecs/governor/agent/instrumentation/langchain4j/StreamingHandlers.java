package io.aiecs.governor.agent.instrumentation.langchain4j;

import io.aiecs.governor.agent.runtime.StreamingCall;
import io.aiecs.governor.agent.streams.Proxies;
import io.aiecs.governor.agent.streams.Unreachable;
import io.aiecs.governor.agent.usage.PropertyPath;
import io.aiecs.governor.agent.usage.TextPath;
import java.lang.reflect.Method;

/**
 * Follows a streaming call through the {@code StreamingChatResponseHandler} it was given: the handler is replaced
 * by a proxy of the same interfaces that tells the call what happened before the application's handler hears it.
 * <ul>
 *   <li>{@code onCompleteResponse(ChatResponse)}: the response's usage is charged and the call completed first,
 *       so an application (or AiServices' tool loop) that calls the model again from its handler is admitted as
 *       a new call, not stuck behind this one;</li>
 *   <li>{@code onError(Throwable)}: the call fails (the task's timeout, if passed, is delivered instead);</li>
 *   <li>{@code onPartialResponse}: the text counts for the estimate, used only if no usage arrives; a handler
 *       that cancels the stream through the context's {@code streamingHandle()} cancels the call;</li>
 *   <li>a handler the library drops without either end (a stream abandoned) releases the call once
 *       unreachable.</li>
 * </ul>
 */
final class StreamingHandlers {
  private static final TextPath PARTIAL_TEXT = TextPath.anyOf("text");
  private static final PropertyPath CANCELLED = PropertyPath.of("streamingHandle", "isCancelled");

  private StreamingHandlers() {}

  static Object track(Object handler, StreamingCall call) {
    Object wrapped = Proxies.wrap(handler, (target, method, args) -> intercept(call, target, method, args));
    if (wrapped != handler) {
      Unreachable.cancelWhenDropped(wrapped, call);
    }
    return wrapped;
  }

  private static Object intercept(StreamingCall call, Object target, Method method, Object[] args) throws Throwable {
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
    Object result = Proxies.forward(target, method, args);
    if (arity == 2 && !call.isSettled() && Boolean.TRUE.equals(CANCELLED.read(args[1]))) {
      call.cancel(); // the application cancelled the stream from its handler: no end will be reported
    }
    return result;
  }
}

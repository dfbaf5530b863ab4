package io.aiecs.governor.agent.instrumentation.advice;

import io.aiecs.governor.bootstrap.GovernorHooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into an async HTTP call whose only argument is its callback (OkHttp's {@code RealCall.enqueue(Callback)}):
 * the call object is the request. A recognised LLM call is admitted on the calling thread, at call time, and its
 * callback replaced by one that follows the response body to its end (or hears the failure).
 */
public final class HttpEnqueueAdvice {
  private HttpEnqueueAdvice() {}

  @Advice.OnMethodEnter(skipOn = Throwable.class, suppress = Throwable.class)
  public static Object enter(@CallSiteId int site, @Advice.This Object call,
                             @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC)
                             Object callback) {
    Object token = GovernorHooks.enter(site, call, call);
    if (token != null && !(token instanceof Throwable)) {
      callback = GovernorHooks.trackArgument(token, callback);
    }
    return token;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object token, @Advice.Thrown(readOnly = false) Throwable thrown) {
    if (token instanceof Throwable) {
      thrown = (Throwable) token; // a refusal
      return;
    }
    if (thrown != null) {
      Throwable replaced = GovernorHooks.exit(token, null, thrown);
      if (replaced != null) {
        thrown = replaced;
      }
      return;
    }
    GovernorHooks.track(token, null); // the call goes on; the callback settles it
  }
}

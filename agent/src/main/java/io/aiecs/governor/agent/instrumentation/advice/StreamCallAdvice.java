package io.aiecs.governor.agent.instrumentation.advice;

import io.aiecs.governor.bootstrap.GovernorHooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined around a client method that returns a stream (or a future of one): admission on entry as for
 * {@link CallAdvice}; on return the stream is handed to the call site's tracker, and the method returns what the
 * tracker gives back, so that the call is settled when the stream ends rather than when the method returns.
 */
public final class StreamCallAdvice {
  private StreamCallAdvice() {}

  @Advice.OnMethodEnter(skipOn = Throwable.class, suppress = Throwable.class)
  public static Object enter(@CallSiteId int site, @Advice.This(optional = true) Object self,
                             @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC)
                             Object request) {
    Object token = GovernorHooks.enter(site, self, request);
    if (token != null && !(token instanceof Throwable)) {
      request = GovernorHooks.httpRequest(site, request); // the task's time left as the SDK's own request timeout
    }
    return token;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object token,
                          @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object result,
                          @Advice.Thrown(readOnly = false) Throwable thrown) {
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
    result = GovernorHooks.track(token, result);
  }
}

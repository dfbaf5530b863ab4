package io.aiecs.governor.agent.instrumentation.advice;

import io.aiecs.governor.bootstrap.GovernorHooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined around a client method that reports through a handler, its second argument (streaming callbacks such
 * as LangChain4j's {@code StreamingChatResponseHandler}): admission on entry, and the handler replaced by one that
 * settles the call when the application's handler hears of completion or failure. The method's return ends
 * nothing (what it returns goes to the tracker's {@code trackResult}); a throw settles the call at once.
 */
public final class HandlerCallAdvice {
  private HandlerCallAdvice() {}

  @Advice.OnMethodEnter(skipOn = Throwable.class, suppress = Throwable.class)
  public static Object enter(@CallSiteId int site, @Advice.This(optional = true) Object self,
                             @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC)
                             Object request,
                             @Advice.Argument(value = 1, readOnly = false, typing = Assigner.Typing.DYNAMIC)
                             Object handler) {
    Object token = GovernorHooks.enter(site, self, request);
    if (token != null && !(token instanceof Throwable)) {
      handler = GovernorHooks.trackArgument(token, handler);
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
    // the call goes on; the handler settles it. A returned future (an async SDK's) is the tracker's to follow:
    // it may fail before the handler hears anything, or must fail as the handler was told
    result = GovernorHooks.track(token, result);
  }
}

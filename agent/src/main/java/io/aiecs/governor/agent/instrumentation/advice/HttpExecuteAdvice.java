package io.aiecs.governor.agent.instrumentation.advice;

import io.aiecs.governor.bootstrap.GovernorHooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into a blocking HTTP call that takes no argument (OkHttp's {@code RealCall.execute()}): the call object
 * is the request. The site recognises LLM calls (everything else passes through untouched); a recognised call is
 * admitted on entry and its response handed to the site's tracker, which follows the response body to its end.
 */
public final class HttpExecuteAdvice {
  private HttpExecuteAdvice() {}

  @Advice.OnMethodEnter(skipOn = Throwable.class, suppress = Throwable.class)
  public static Object enter(@CallSiteId int site, @Advice.This Object call) {
    return GovernorHooks.enter(site, call, call);
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

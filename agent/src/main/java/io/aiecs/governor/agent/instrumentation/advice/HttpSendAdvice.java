package io.aiecs.governor.agent.instrumentation.advice;

import io.aiecs.governor.bootstrap.GovernorHooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into an HTTP client's send taking {@code (request, bodyHandler, ...)} ({@code java.net.http}'s
 * {@code HttpClient.send} and {@code sendAsync}, in the JDK's own client class): a recognised LLM call is admitted
 * on the calling thread and its body handler replaced by one that follows the response body to its end; whatever
 * the call, inside a governed task the request is sent with what is left of the task's deadline as its timeout,
 * and a body still arriving at that deadline is cut (for a request sent for a call governed above it too).
 * Only {@link GovernorHooks} is referenced: this advice lives in a JDK class.
 */
public final class HttpSendAdvice {
  private HttpSendAdvice() {}

  @Advice.OnMethodEnter(skipOn = Throwable.class, suppress = Throwable.class)
  public static Object enter(@CallSiteId int site, @Advice.This Object client,
                             @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC)
                             Object request,
                             @Advice.Argument(value = 1, readOnly = false, typing = Assigner.Typing.DYNAMIC)
                             Object handler) {
    Object token = GovernorHooks.enter(site, client, request);
    if (token instanceof Throwable) {
      return token; // a refusal
    }
    if (token != null) {
      handler = GovernorHooks.trackArgument(token, handler);
    }
    request = GovernorHooks.httpRequest(site, request);
    handler = GovernorHooks.httpBody(site, token, handler); // a request sent for a call governed above: cut too
    return token;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object token,
                          @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object result,
                          @Advice.Thrown(readOnly = false) Throwable thrown) {
    if (token instanceof Throwable) {
      thrown = (Throwable) token;
      return;
    }
    if (thrown != null) {
      Throwable replaced = GovernorHooks.exit(token, null, thrown);
      if (replaced == null) {
        replaced = GovernorHooks.httpCallFailed(thrown); // a layer above holds the task's deadline
      }
      if (replaced != null) {
        thrown = replaced;
      }
      return;
    }
    result = GovernorHooks.track(token, result);
  }
}

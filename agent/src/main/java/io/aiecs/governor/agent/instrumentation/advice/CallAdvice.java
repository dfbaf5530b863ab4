package io.aiecs.governor.agent.instrumentation.advice;

import io.aiecs.governor.bootstrap.GovernorHooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined around a client method: admission on entry, settlement on every exit — or, for a method that returns a
 * {@code CompletableFuture}, when that future completes: the caller then gets a future of ours that completes
 * only after the call is settled (a library's future runs its callbacks last-in first-out, so the caller could
 * otherwise see the result while the permit is still held and the usage not yet charged).
 *
 * <p>A refusal comes back from the hook as a value, not as a throw (a throw would be suppressed like any
 * fault of ours): the method is then skipped and the exit advice makes the refusal the method's exception —
 * a {@link io.aiecs.governor.GovernorException}, or with {@code reject-as=client} the library's own rate-limit
 * exception. An admitted call's request is replaced by the one its site's
 * {@link io.aiecs.governor.agent.runtime.CallSiteRegistry#registerRequestDeadline request deadline} gives (an SDK's
 * own request timeout set to the task's time left), where the site has one. Only {@link GovernorHooks}, on the
 * bootstrap class path, is referenced.
 */
public final class CallAdvice {
  private CallAdvice() {}

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
      thrown = (Throwable) token; // a refusal: the governor's exception, or the client library's own
      return;
    }
    if (thrown == null && result instanceof java.util.concurrent.CompletableFuture) {
      result = GovernorHooks.track(token, result); // the caller's future completes once the call is settled
      return;
    }
    Throwable replaced = GovernorHooks.exit(token, result, thrown);
    if (replaced != null) {
      thrown = replaced; // the task's deadline passed while the client worked
    }
  }
}

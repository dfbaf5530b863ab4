package io.aiecs.governor.agent.instrumentation.advice;

import io.aiecs.governor.bootstrap.GovernorHooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined after a client method that returns a cold publisher ({@code Flux}, {@code Mono}): nothing happens on
 * the call itself; the publisher is wrapped so that admission happens on subscription, when the request really
 * starts, and the call is settled when the publisher completes, fails or is cancelled.
 */
public final class DeferredCallAdvice {
  private DeferredCallAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@CallSiteId int site, @Advice.This(optional = true) Object self,
                          @Advice.Argument(0) Object request,
                          @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object result) {
    result = GovernorHooks.defer(site, self, request, result);
  }
}

package io.aiecs.governor.agent.instrumentation.advice;

import io.aiecs.governor.bootstrap.GovernorHooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined at the exit of a client's asynchronous sleep (its retry loop's backoff, completed on a timer thread of the
 * client's own): the caller gets a future that completes in the caller's context, so the retried request chained
 * onto it belongs to the call in flight. Only {@link GovernorHooks} is referenced.
 */
public final class CarriedCompletionAdvice {
  private CarriedCompletionAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object result) {
    result = GovernorHooks.carryCompletion(result);
  }
}

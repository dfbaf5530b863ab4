package io.aiecs.governor.agent.instrumentation.advice;

import io.aiecs.governor.GovernorException;
import io.aiecs.governor.bootstrap.GovernorHooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined around a client method that returns a {@code CompletableFuture}: admission on entry, settlement when
 * the returned future completes (or at once when the method throws). See {@link SyncCallAdvice} for how a
 * refusal reaches the caller.
 */
public final class AsyncCallAdvice {
  private AsyncCallAdvice() {}

  @Advice.OnMethodEnter(skipOn = GovernorException.class, suppress = Throwable.class)
  public static Object enter(@CallSiteId int site, @Advice.This(optional = true) Object self,
                             @Advice.Argument(0) Object request) {
    return GovernorHooks.enter(site, self, request);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object token,
                          @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object future,
                          @Advice.Thrown(readOnly = false) Throwable thrown) {
    if (token instanceof GovernorException) {
      thrown = (GovernorException) token;
      return;
    }
    GovernorHooks.exitAsync(token, future, thrown);
  }
}

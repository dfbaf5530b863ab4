package io.aiecs.governor.agent.instrumentation.advice;

import io.aiecs.governor.bootstrap.GovernorHooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into a client's per-attempt HTTP layer, the one its own retry loop calls once per attempt (openai-java's
 * {@code OkHttpClient.execute}): inside a call refused with {@code reject-as=client}, each attempt is admitted
 * again. A refused attempt is not sent: the method is skipped and returns the client's own 429 response, which the retry
 * loop backs off from and retries, or turns into the client's own rate-limit exception once its retries are spent.
 */
public final class AttemptAdvice {
  private AttemptAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
  public static Object enter(@CallSiteId int transport, @Advice.This Object self) {
    return GovernorHooks.attempt(transport, self);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object answer,
                          @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object result,
                          @Advice.Thrown(readOnly = false) Throwable thrown) {
    if (answer instanceof Throwable) {
      thrown = (Throwable) answer;
    } else if (answer != null) {
      result = answer;
    }
  }
}

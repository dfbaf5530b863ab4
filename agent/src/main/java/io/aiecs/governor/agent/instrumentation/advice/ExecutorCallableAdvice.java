package io.aiecs.governor.agent.instrumentation.advice;

import io.aiecs.governor.bootstrap.GovernorHooks;
import java.util.concurrent.Callable;
import net.bytebuddy.asm.Advice;

/** As {@link ExecutorAdvice}, for pool methods that take a {@code Callable} ({@code schedule(Callable, ...)}). */
public final class ExecutorCallableAdvice {
  private ExecutorCallableAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Argument(value = 0, readOnly = false) Callable<?> work) {
    work = GovernorHooks.propagate(work);
  }
}

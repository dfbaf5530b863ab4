package io.aiecs.governor.agent.instrumentation.advice;

import io.aiecs.governor.bootstrap.GovernorHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code Executor.execute(Runnable)} of the JDK's pools: work submitted from inside an entry-point
 * task runs for that task. Outside tasks the argument is left untouched.
 */
public final class ExecutorAdvice {
  private ExecutorAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Argument(value = 0, readOnly = false) Runnable work) {
    work = GovernorHooks.propagate(work);
  }
}

package io.aiecs.governor.agent.instrumentation.advice;

import io.aiecs.governor.GovernorException;
import io.aiecs.governor.bootstrap.GovernorHooks;
import java.lang.reflect.Method;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into a framework's method that runs one tool through reflection, the tool's
 * {@link java.lang.reflect.Method} being its first argument (Google GenAI's automatic function calling): each
 * execution is admitted against the tool-call budgets of the running agent, named after the tool method. A
 * refusal skips the tool and is thrown from the framework's method, where the framework handles it as the
 * tool's own failure.
 */
public final class ReflectiveToolAdvice {
  private ReflectiveToolAdvice() {}

  @Advice.OnMethodEnter(skipOn = GovernorException.class, suppress = Throwable.class)
  public static Object enter(@Advice.Argument(0) Object tool) {
    if (!(tool instanceof Method)) {
      return null;
    }
    Method method = (Method) tool;
    return GovernorHooks.enterTool(method.getDeclaringClass().getName(), method.getName());
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object decision, @Advice.Thrown(readOnly = false) Throwable thrown) {
    if (decision instanceof GovernorException) {
      thrown = (GovernorException) decision;
    }
  }
}

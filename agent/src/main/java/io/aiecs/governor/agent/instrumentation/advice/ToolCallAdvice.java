package io.aiecs.governor.agent.instrumentation.advice;

import io.aiecs.governor.GovernorException;
import io.aiecs.governor.bootstrap.GovernorHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into a tool method ({@code aiecs.governor.tool-methods}): each execution is admitted against the
 * tool-call budgets of its agent. A refusal skips the tool and is thrown from it, the way the tool's own failure
 * would be, so the framework running the tool reports it as a failing tool.
 */
public final class ToolCallAdvice {
  private ToolCallAdvice() {}

  @Advice.OnMethodEnter(skipOn = GovernorException.class, suppress = Throwable.class)
  public static Object enter(@Advice.Origin("#t") String type, @Advice.Origin("#m") String method) {
    return GovernorHooks.enterTool(type, method);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object decision, @Advice.Thrown(readOnly = false) Throwable thrown) {
    if (decision instanceof GovernorException) {
      thrown = (GovernorException) decision;
    }
  }
}

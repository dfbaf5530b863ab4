package io.aiecs.governor.agent.instrumentation.advice;

import io.aiecs.governor.GovernorException;
import io.aiecs.governor.bootstrap.GovernorHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into an agent's entry-point method ({@code aiecs.governor.agent.<id>.entry}): each invocation is a task
 * of that agent, admitted against its concurrency limit for its whole run; the LLM calls made inside it are
 * charged to the agent and bounded by the task's deadline.
 */
public final class EntryAdvice {
  private EntryAdvice() {}

  @Advice.OnMethodEnter(skipOn = GovernorException.class, suppress = Throwable.class)
  public static Object enter(@CallSiteId int entry) {
    return GovernorHooks.enterTask(entry);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object token, @Advice.Thrown(readOnly = false) Throwable thrown) {
    if (token instanceof GovernorException) {
      thrown = (GovernorException) token;
      return;
    }
    Throwable replaced = GovernorHooks.exitTask(token, thrown);
    if (replaced != null) {
      thrown = replaced;
    }
  }
}

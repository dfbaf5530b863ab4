package io.aiecs.governor.agent.instrumentation.advice;

import io.aiecs.governor.bootstrap.GovernorHooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into a framework method that runs one tool: its first argument is the tool request (naming the tool),
 * its second the executor that runs it. Each execution is admitted against the tool-call budgets of the running
 * agent; a refusal replaces the executor by one that fails with it, inside the framework's own error handling,
 * so the framework reports the refused tool as it reports any failing tool (LangChain4j: to the model, through
 * its tool-execution error handler).
 */
public final class ToolExecutionAdvice {
  private ToolExecutionAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@CallSiteId int site, @Advice.Argument(0) Object request,
                           @Advice.Argument(value = 1, readOnly = false, typing = Assigner.Typing.DYNAMIC)
                           Object executor) {
    executor = GovernorHooks.enterToolExecution(site, request, executor);
  }
}

package io.aiecs.governor.agent.instrumentation.advice;

import io.aiecs.governor.bootstrap.GovernorHooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into a library method that runs one tool execution through a callback among its arguments (a tool
 * runner's private "run this tool" step): the callback is replaced by one that admits the execution against the
 * tool-call budgets of the running agent first. A refusal is thrown from the callback, inside the library's own
 * handling of a failing tool, so the library reports it the way it reports any tool that throws.
 */
public final class ToolCallbackAdvice {
  private ToolCallbackAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@CallSiteId int site,
                           @Advice.AllArguments(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object[] args) {
    args = GovernorHooks.toolCallback(site, args);
  }
}

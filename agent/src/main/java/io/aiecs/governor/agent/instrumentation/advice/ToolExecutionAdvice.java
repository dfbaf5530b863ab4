package io.aiecs.governor.agent.instrumentation.advice;

import io.aiecs.governor.bootstrap.GovernorHooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into a framework method that runs one tool (a tool site): either it runs the tool through an executor
 * among its arguments, or it is the tool itself. Each execution is admitted against the tool-call budgets of the
 * running agent; a refusal reaches the framework the way it reports any failing tool: the executor is replaced by
 * one that fails with the refusal inside the framework's own error handling (LangChain4j, Anthropic's tool
 * runner), or the tool method throws the framework's own tool-failure exception instead of running (Spring AI's
 * {@code ToolExecutionException}).
 */
public final class ToolExecutionAdvice {
  private ToolExecutionAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
  public static Throwable enter(@CallSiteId int site, @Advice.This(optional = true) Object self,
                                @Advice.AllArguments(readOnly = false, typing = Assigner.Typing.DYNAMIC)
                                Object[] args) {
    Object refusal = GovernorHooks.enterToolExecution(site, self, args);
    if (refusal instanceof Object[]) {
      args = (Object[]) refusal;
      return null;
    }
    return refusal instanceof Throwable ? (Throwable) refusal : null;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Throwable refusal, @Advice.Thrown(readOnly = false) Throwable thrown) {
    if (refusal != null) {
      thrown = refusal;
    }
  }
}

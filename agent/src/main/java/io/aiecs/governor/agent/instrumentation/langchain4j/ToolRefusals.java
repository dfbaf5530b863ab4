package io.aiecs.governor.agent.instrumentation.langchain4j;

import io.aiecs.governor.ResourceLimitExceededException;
import io.aiecs.governor.agent.streams.Proxies;

/**
 * A {@code ToolExecutor} that fails with the governor's refusal instead of running the tool. LangChain4j calls it
 * inside {@code ToolService.executeWithErrorHandling}'s {@code try}, so the refusal reaches the AI service's
 * {@code ToolExecutionErrorHandler}: by default its message becomes the tool's result for the model; a handler
 * that rethrows ends the AI service call with it.
 */
final class ToolRefusals {
  private ToolRefusals() {}

  static Object refuse(Object executor, ResourceLimitExceededException decision) {
    Object refusing = Proxies.wrap(executor, (target, method, args) -> {
      if (method.getName().startsWith("execute")) {
        throw decision;
      }
      return Proxies.forward(target, method, args);
    });
    return refusing == executor ? null : refusing;
  }
}

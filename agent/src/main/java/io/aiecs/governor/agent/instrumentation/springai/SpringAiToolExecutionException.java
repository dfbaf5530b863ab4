package io.aiecs.governor.agent.instrumentation.springai;

import io.aiecs.governor.ResourceLimitExceededException;

/**
 * Spring AI's own {@code org.springframework.ai.tool.execution.ToolExecutionException} for a refused tool: the
 * exception its tool loop ({@code DefaultToolCallingManager}) catches around {@code ToolCallback.call} and hands to
 * its {@code ToolExecutionExceptionProcessor}, which by default sends the message back to the model as the tool's
 * result, so the model call goes on. Built from the tool callback's class loader with the callback's
 * {@code ToolDefinition} and the governor's decision as its cause; null when it cannot be built (the refusal is
 * then not delivered and the tool runs).
 */
final class SpringAiToolExecutionException {
  private SpringAiToolExecutionException() {}

  static Object create(Object toolCallback, ResourceLimitExceededException decision) {
    try {
      ClassLoader loader = toolCallback.getClass().getClassLoader();
      Class<?> definition = Class.forName("org.springframework.ai.tool.definition.ToolDefinition", false, loader);
      Class<?> type = Class.forName("org.springframework.ai.tool.execution.ToolExecutionException", false, loader);
      Object toolDefinition = toolCallback.getClass().getMethod("getToolDefinition").invoke(toolCallback);
      return type.getConstructor(definition, Throwable.class).newInstance(toolDefinition, decision);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null;
    }
  }
}

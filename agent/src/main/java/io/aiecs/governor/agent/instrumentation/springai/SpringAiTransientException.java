package io.aiecs.governor.agent.instrumentation.springai;

import io.aiecs.governor.ResourceLimitExceededException;

/**
 * Spring AI's own {@code org.springframework.ai.retry.TransientAiException} (spring-ai-retry) for a refusal with
 * {@code reject-as=client}, built from the class loader of the chat model that made the call, with the
 * governor's decision as its cause. Null when spring-ai-retry is not on that class path: the governor's own
 * exception is thrown instead.
 */
final class SpringAiTransientException {
  private SpringAiTransientException() {}

  static Throwable create(Object chatModel, ResourceLimitExceededException decision) {
    if (chatModel == null) {
      return null;
    }
    try {
      Class<?> type = Class.forName("org.springframework.ai.retry.TransientAiException", false,
          chatModel.getClass().getClassLoader());
      return (Throwable) type.getConstructor(String.class, Throwable.class)
          .newInstance(decision.getMessage(), decision);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null;
    }
  }
}

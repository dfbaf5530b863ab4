package io.aiecs.governor.agent.instrumentation.langchain4j;

import io.aiecs.governor.ResourceLimitExceededException;

/**
 * Builds LangChain4j's own {@code dev.langchain4j.exception.RateLimitException(String, Throwable)} for a refusal
 * with {@code reject-as=client}, reflectively from the class loader of the model that was called; the governor's
 * decision is its cause. Thrown from {@code doChat}, outside the provider's retry loop, so it is not retried.
 */
final class LangChain4jRateLimitException {
  private LangChain4jRateLimitException() {}

  static Throwable create(Object model, ResourceLimitExceededException decision) {
    if (model == null) {
      return null;
    }
    try {
      Class<?> type = Class.forName("dev.langchain4j.exception.RateLimitException", false,
          model.getClass().getClassLoader());
      return (Throwable) type.getConstructor(String.class, Throwable.class)
          .newInstance(decision.getMessage(), decision);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null; // a version without it: the governor's own exception is thrown instead
    }
  }
}

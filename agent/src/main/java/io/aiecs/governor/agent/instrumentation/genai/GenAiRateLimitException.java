package io.aiecs.governor.agent.instrumentation.genai;

import io.aiecs.governor.ResourceLimitExceededException;

/**
 * Builds the SDK's own {@code com.google.genai.errors.ClientException} with code 429 and status
 * {@code RESOURCE_EXHAUSTED} (what the Gemini API answers when a quota is spent) for a refusal with
 * {@code reject-as=client}, reflectively from the class loader of the client that made the call. The governor's
 * decision is its cause.
 */
final class GenAiRateLimitException {
  private GenAiRateLimitException() {}

  static Throwable create(Object client, ResourceLimitExceededException decision) {
    if (client == null) {
      return null;
    }
    try {
      Class<?> type = Class.forName("com.google.genai.errors.ClientException", false,
          client.getClass().getClassLoader());
      Throwable e = (Throwable) type.getConstructor(int.class, String.class, String.class)
          .newInstance(429, "RESOURCE_EXHAUSTED", decision.getMessage());
      e.initCause(decision);
      return e;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null; // another SDK version: the governor's own exception is thrown instead
    }
  }
}

package io.aiecs.governor.agent.instrumentation.openai;

import static io.aiecs.governor.agent.instrumentation.ClientExceptions.build;
import static io.aiecs.governor.agent.instrumentation.ClientExceptions.set;

import io.aiecs.governor.ResourceLimitExceededException;
import io.aiecs.governor.agent.instrumentation.ClientExceptions;

/**
 * Builds the SDK's own {@code com.openai.errors.RateLimitException} (HTTP 429, {@code retry-after} header,
 * {@code rate_limit_exceeded} error) for a refusal with {@code reject-as=client}, reflectively from the
 * class loader of the client that made the call. The governor's decision is its cause.
 */
final class OpenAiRateLimitException {
  private OpenAiRateLimitException() {}

  static Throwable create(Object client, ResourceLimitExceededException decision) {
    if (client == null) {
      return null;
    }
    try {
      ClassLoader loader = client.getClass().getClassLoader();
      Class<?> headersType = Class.forName("com.openai.core.http.Headers", false, loader);
      Object headers = ClientExceptions.retryAfterHeaders(headersType, decision);
      Class<?> errorType = Class.forName("com.openai.models.ErrorObject", false, loader);
      Object error = build(errorType, b -> {
        set(b, "message", String.class, decision.getMessage());
        set(b, "type", String.class, "rate_limit_exceeded");
        set(b, "code", String.class, "rate_limit_exceeded");
        set(b, "param", String.class, null);
      });
      Class<?> exceptionType = Class.forName("com.openai.errors.RateLimitException", false, loader);
      return (Throwable) build(exceptionType, b -> {
        set(b, "headers", headersType, headers);
        set(b, "error", errorType, error);
        set(b, "cause", Throwable.class, decision);
      });
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null; // another SDK version: the governor's own exception is thrown instead
    }
  }
}

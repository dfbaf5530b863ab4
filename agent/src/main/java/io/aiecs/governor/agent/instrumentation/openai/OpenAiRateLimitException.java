package io.aiecs.governor.agent.instrumentation.openai;

import io.aiecs.governor.ResourceLimitExceededException;

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
      Object headers = build(headersType.getMethod("builder").invoke(null), b -> {
        long seconds = Math.max(1, (decision.retryAfter().toMillis() + 999) / 1000);
        b.getClass().getMethod("put", String.class, String.class).invoke(b, "retry-after", Long.toString(seconds));
      });
      Class<?> errorType = Class.forName("com.openai.models.ErrorObject", false, loader);
      Object error = build(errorType.getMethod("builder").invoke(null), b -> {
        call(b, "message", decision.getMessage());
        call(b, "type", "rate_limit_exceeded");
        call(b, "code", "rate_limit_exceeded");
        call(b, "param", null);
      });
      Class<?> exceptionType = Class.forName("com.openai.errors.RateLimitException", false, loader);
      return (Throwable) build(exceptionType.getMethod("builder").invoke(null), b -> {
        b.getClass().getMethod("headers", headersType).invoke(b, headers);
        b.getClass().getMethod("error", errorType).invoke(b, error);
        b.getClass().getMethod("cause", Throwable.class).invoke(b, decision);
      });
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null; // another SDK version: the governor's own exception is thrown instead
    }
  }

  private interface Step {
    void apply(Object builder) throws ReflectiveOperationException;
  }

  private static Object build(Object builder, Step step) throws ReflectiveOperationException {
    step.apply(builder);
    return builder.getClass().getMethod("build").invoke(builder);
  }

  private static void call(Object builder, String method, String value) throws ReflectiveOperationException {
    builder.getClass().getMethod(method, String.class).invoke(builder, value);
  }
}

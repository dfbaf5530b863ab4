package io.aiecs.governor.agent.instrumentation.openai;

import io.aiecs.governor.ResourceLimitExceededException;
import io.aiecs.governor.agent.instrumentation.references.Reference;
import java.util.List;

/**
 * Builds the SDK's own {@code com.openai.errors.RateLimitException} (HTTP 429, {@code retry-after} header,
 * {@code rate_limit_exceeded} error) for a refusal with {@code reject-as=client}, reflectively from the
 * class loader of the client that made the call. The governor's decision is its cause.
 */
final class OpenAiRateLimitException {
  private static final String HEADERS = "com.openai.core.http.Headers";
  private static final String ERROR = "com.openai.models.ErrorObject";
  private static final String EXCEPTION = "com.openai.errors.RateLimitException";
  private static final String STRING = "java.lang.String";

  /** Every type and method {@link #create} calls, for the module's reference check. */
  static final List<Reference> REFERENCES = List.of(
      Reference.method(HEADERS, "builder"),
      Reference.method(HEADERS + "$Builder", "put", STRING, STRING),
      Reference.method(HEADERS + "$Builder", "build"),
      Reference.method(ERROR, "builder"),
      Reference.method(ERROR + "$Builder", "message", STRING),
      Reference.method(ERROR + "$Builder", "type", STRING),
      Reference.method(ERROR + "$Builder", "code", STRING),
      Reference.method(ERROR + "$Builder", "param", STRING),
      Reference.method(ERROR + "$Builder", "build"),
      Reference.method(EXCEPTION, "builder"),
      Reference.method(EXCEPTION + "$Builder", "headers", HEADERS),
      Reference.method(EXCEPTION + "$Builder", "error", ERROR),
      Reference.method(EXCEPTION + "$Builder", "cause", "java.lang.Throwable"),
      Reference.method(EXCEPTION + "$Builder", "build"));

  private OpenAiRateLimitException() {}

  static Throwable create(Object client, ResourceLimitExceededException decision) {
    if (client == null) {
      return null;
    }
    try {
      ClassLoader loader = client.getClass().getClassLoader();
      Class<?> headersType = Class.forName(HEADERS, false, loader);
      Object headers = build(headersType.getMethod("builder").invoke(null), b -> {
        long seconds = Math.max(1, (decision.retryAfter().toMillis() + 999) / 1000);
        b.getClass().getMethod("put", String.class, String.class).invoke(b, "retry-after", Long.toString(seconds));
      });
      Class<?> errorType = Class.forName(ERROR, false, loader);
      Object error = build(errorType.getMethod("builder").invoke(null), b -> {
        call(b, "message", decision.getMessage());
        call(b, "type", "rate_limit_exceeded");
        call(b, "code", "rate_limit_exceeded");
        call(b, "param", null);
      });
      Class<?> exceptionType = Class.forName(EXCEPTION, false, loader);
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

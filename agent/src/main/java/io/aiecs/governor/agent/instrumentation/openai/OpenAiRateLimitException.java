package io.aiecs.governor.agent.instrumentation.openai;

import static io.aiecs.governor.agent.instrumentation.ClientExceptions.build;
import static io.aiecs.governor.agent.instrumentation.ClientExceptions.set;

import io.aiecs.governor.ResourceLimitExceededException;
import io.aiecs.governor.agent.instrumentation.ClientExceptions;
import io.aiecs.governor.agent.instrumentation.RateLimitedResponses;
import io.aiecs.governor.agent.instrumentation.references.Reference;
import java.util.List;

/**
 * Builds the SDK's own {@code com.openai.errors.RateLimitException} (HTTP 429, {@code retry-after} header,
 * {@code rate_limit_exceeded} error) for a refusal with {@code reject-as=client}, reflectively from the
 * class loader of the client that made the call. The governor's decision is its cause.
 */
final class OpenAiRateLimitException {
  /** The package of the SDK's HTTP core. */
  static final String HTTP = "com.openai.core.http";
  private static final String HEADERS = HTTP + ".Headers";
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

  /**
   * The 429 an attempt of the SDK's retry loop is answered with instead of being sent: the body OpenAI sends
   * with a 429, from which the SDK's error handler builds its {@code RateLimitException} once retries are spent.
   */
  static Object refusedAttempt(Object transport, ResourceLimitExceededException decision) {
    String body = "{\"error\":{\"message\":" + RateLimitedResponses.jsonString(decision.getMessage())
        + ",\"type\":\"rate_limit_exceeded\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}";
    return RateLimitedResponses.create(transport, HTTP, decision, body);
  }

  static Throwable create(Object client, ResourceLimitExceededException decision) {
    if (client == null) {
      return null;
    }
    try {
      ClassLoader loader = client.getClass().getClassLoader();
      Class<?> headersType = Class.forName(HEADERS, false, loader);
      Object headers = ClientExceptions.retryAfterHeaders(headersType, decision);
      Class<?> errorType = Class.forName(ERROR, false, loader);
      Object error = build(errorType, b -> {
        set(b, "message", String.class, decision.getMessage());
        set(b, "type", String.class, "rate_limit_exceeded");
        set(b, "code", String.class, "rate_limit_exceeded");
        set(b, "param", String.class, null);
      });
      Class<?> exceptionType = Class.forName(EXCEPTION, false, loader);
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

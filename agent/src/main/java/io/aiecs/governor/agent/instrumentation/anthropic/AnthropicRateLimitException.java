package io.aiecs.governor.agent.instrumentation.anthropic;

import static io.aiecs.governor.agent.instrumentation.ClientExceptions.build;
import static io.aiecs.governor.agent.instrumentation.ClientExceptions.set;

import io.aiecs.governor.ResourceLimitExceededException;
import io.aiecs.governor.agent.instrumentation.ClientExceptions;
import io.aiecs.governor.agent.instrumentation.RateLimitedResponses;
import io.aiecs.governor.agent.instrumentation.references.Reference;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the SDK's own {@code com.anthropic.errors.RateLimitException} for a refusal with {@code reject-as=client}:
 * status 429, a {@code retry-after} header and the body the Messages API sends with a 429
 * ({@code {"type":"error","error":{"type":"rate_limit_error","message":...}}}), the governor's decision as its
 * cause; reflectively, from the class loader of the client that made the call.
 */
final class AnthropicRateLimitException {
  /** The package of the SDK's HTTP core. */
  static final String HTTP = "com.anthropic.core.http";
  private static final String JSON_VALUE = "com.anthropic.core.JsonValue";
  private static final String EXCEPTION = "com.anthropic.errors.RateLimitException";

  /** Every type and method {@link #create} calls (the Headers' in RateLimitedResponses), for the reference check. */
  static final List<Reference> REFERENCES = List.of(
      Reference.method(JSON_VALUE, "from", "java.lang.Object"),
      Reference.method(EXCEPTION, "builder"),
      Reference.method(EXCEPTION + "$Builder", "headers", HTTP + ".Headers"),
      Reference.method(EXCEPTION + "$Builder", "body", JSON_VALUE),
      Reference.method(EXCEPTION + "$Builder", "cause", "java.lang.Throwable"),
      Reference.method(EXCEPTION + "$Builder", "build"));
  private AnthropicRateLimitException() {}

  /**
   * The 429 an attempt of the SDK's retry loop is answered with instead of being sent ({@code reject-as=client}):
   * the Messages API's 429 body, from which the SDK's error handler builds its {@code RateLimitException} once its
   * retries are spent.
   */
  /**
   * The longest retry-after handed to anthropic-java's retry loop to sleep on (openai-java ignores retry-afters over
   * a minute and backs off by its own schedule; anthropic-java 3.x has no such bound).
   */
  static final java.time.Duration LONGEST_BACKOFF = java.time.Duration.ofSeconds(60);

  static Object refusedAttempt(Object transport, ResourceLimitExceededException decision) {
    if (decision.retryAfter() != null && decision.retryAfter().compareTo(LONGEST_BACKOFF) > 0) {
      return null; // anthropic-java sleeps any retry-after it is given: not an hour-long sleep in the caller's thread
    }
    String body = "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":"
        + RateLimitedResponses.jsonString(decision.getMessage()) + "}}";
    return RateLimitedResponses.create(transport, HTTP, decision, body);
  }

  static Throwable create(Object client, ResourceLimitExceededException decision) {
    if (client == null) {
      return null;
    }
    try {
      ClassLoader loader = client.getClass().getClassLoader();
      Class<?> headersType = Class.forName(HTTP + ".Headers", false, loader);
      Object headers = ClientExceptions.retryAfterHeaders(headersType, decision);
      Class<?> jsonValueType = Class.forName(JSON_VALUE, false, loader);
      Map<String, Object> error = new LinkedHashMap<>();
      error.put("type", "rate_limit_error");
      error.put("message", decision.getMessage());
      Map<String, Object> payload = new LinkedHashMap<>();
      payload.put("type", "error");
      payload.put("error", error);
      Object body = jsonValueType.getMethod("from", Object.class).invoke(null, payload);
      Class<?> exceptionType = Class.forName(EXCEPTION, false, loader);
      return (Throwable) build(exceptionType, b -> {
        set(b, "headers", headersType, headers);
        set(b, "body", jsonValueType, body);
        set(b, "cause", Throwable.class, decision);
      });
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null; // another SDK version: the governor's own exception is thrown instead
    }
  }
}

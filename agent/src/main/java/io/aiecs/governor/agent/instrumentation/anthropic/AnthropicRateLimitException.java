package io.aiecs.governor.agent.instrumentation.anthropic;

import static io.aiecs.governor.agent.instrumentation.ClientExceptions.build;
import static io.aiecs.governor.agent.instrumentation.ClientExceptions.set;

import io.aiecs.governor.ResourceLimitExceededException;
import io.aiecs.governor.agent.instrumentation.ClientExceptions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the SDK's own {@code com.anthropic.errors.RateLimitException} for a refusal with {@code reject-as=client}:
 * status 429, a {@code retry-after} header and the body the Messages API sends with a 429
 * ({@code {"type":"error","error":{"type":"rate_limit_error","message":...}}}), the governor's decision as its
 * cause; reflectively, from the class loader of the client that made the call.
 */
final class AnthropicRateLimitException {
  private AnthropicRateLimitException() {}

  static Throwable create(Object client, ResourceLimitExceededException decision) {
    if (client == null) {
      return null;
    }
    try {
      ClassLoader loader = client.getClass().getClassLoader();
      Class<?> headersType = Class.forName("com.anthropic.core.http.Headers", false, loader);
      Object headers = ClientExceptions.retryAfterHeaders(headersType, decision);
      Class<?> jsonValueType = Class.forName("com.anthropic.core.JsonValue", false, loader);
      Map<String, Object> error = new LinkedHashMap<>();
      error.put("type", "rate_limit_error");
      error.put("message", decision.getMessage());
      Map<String, Object> payload = new LinkedHashMap<>();
      payload.put("type", "error");
      payload.put("error", error);
      Object body = jsonValueType.getMethod("from", Object.class).invoke(null, payload);
      Class<?> exceptionType = Class.forName("com.anthropic.errors.RateLimitException", false, loader);
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

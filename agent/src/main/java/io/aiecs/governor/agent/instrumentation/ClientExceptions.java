package io.aiecs.governor.agent.instrumentation;

import io.aiecs.governor.ResourceLimitExceededException;

/**
 * Builds a client library's own exceptions reflectively, from the class loader of the client that made the call
 * (the agent never links against a library). Shared by the modules whose {@code reject-as=client} exception is
 * made with a builder, as in the Stainless-generated SDKs (openai-java, anthropic-java).
 */
public final class ClientExceptions {
  private ClientExceptions() {}

  /** One step on a builder. */
  @FunctionalInterface
  public interface Step {
    void apply(Object builder) throws ReflectiveOperationException;
  }

  /** {@code type.builder()}, then {@code step}, then {@code build()}. */
  public static Object build(Class<?> type, Step step) throws ReflectiveOperationException {
    Object builder = type.getMethod("builder").invoke(null);
    step.apply(builder);
    return builder.getClass().getMethod("build").invoke(builder);
  }

  /** {@code builder.method(value)} with the parameter type {@code type}. */
  public static void set(Object builder, String method, Class<?> type, Object value)
      throws ReflectiveOperationException {
    builder.getClass().getMethod(method, type).invoke(builder, value);
  }

  /** A refusal's retry-after in whole seconds, at least 1 (the HTTP {@code retry-after} header's unit). */
  public static long retryAfterSeconds(ResourceLimitExceededException decision) {
    return Math.max(1, (decision.retryAfter().toMillis() + 999) / 1000);
  }

  /**
   * The SDK's {@code Headers} ({@code headersType}: a Stainless {@code <sdk>.core.http.Headers}) holding the
   * {@code retry-after} of the refusal, as a provider's 429 response would, and {@code retry-after-ms} (which the
   * SDKs' retry loops prefer) when the refusal knows when resources come back.
   */
  public static Object retryAfterHeaders(Class<?> headersType, ResourceLimitExceededException decision)
      throws ReflectiveOperationException {
    return build(headersType, b -> {
      var put = b.getClass().getMethod("put", String.class, String.class);
      put.invoke(b, "retry-after", Long.toString(retryAfterSeconds(decision)));
      long millis = decision.retryAfter().toMillis();
      if (millis > 0) {
        put.invoke(b, "retry-after-ms", Long.toString(millis));
      }
    });
  }
}

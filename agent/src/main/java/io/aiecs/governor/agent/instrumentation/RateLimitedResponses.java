package io.aiecs.governor.agent.instrumentation;

import io.aiecs.governor.ResourceLimitExceededException;
import io.aiecs.governor.agent.instrumentation.references.Reference;
import java.io.ByteArrayInputStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The HTTP 429 response a provider would send, as a Stainless-generated SDK's own {@code <sdk>.core.http.HttpResponse}
 * (openai-java, anthropic-java): a {@link Proxy} of that interface, defined in the SDK's class loader, answering a
 * refused attempt of the SDK's retry loop ({@code reject-as=client}) so that the SDK backs off by the refusal's
 * retry-after ({@code retry-after-ms}, {@code retry-after}), retries, and once its retries are spent throws its own
 * rate-limit exception, built by its own error handler from this response.
 */
public final class RateLimitedResponses {
  private RateLimitedResponses() {}

  /** Every type and method {@link #create} relies on, for the SDK whose HTTP core is {@code httpPackage}. */
  public static List<Reference> references(String httpPackage) {
    String response = httpPackage + ".HttpResponse";
    String headers = httpPackage + ".Headers";
    return List.of(
        Reference.method(response, "statusCode"),
        Reference.method(response, "headers"),
        Reference.method(response, "body"),
        Reference.method(response, "close"),
        Reference.method(headers, "builder"),
        Reference.method(headers + "$Builder", "put", "java.lang.String", "java.lang.String"),
        Reference.method(headers + "$Builder", "build"));
  }

  /**
   * The 429 response, from the class loader of {@code transport} (the SDK's HTTP client), with {@code body} (the
   * provider's JSON error); null when the SDK's types are not there as expected.
   */
  public static Object create(Object transport, String httpPackage, ResourceLimitExceededException decision,
                              String body) {
    if (transport == null) {
      return null;
    }
    try {
      ClassLoader loader = transport.getClass().getClassLoader();
      Class<?> responseType = Class.forName(httpPackage + ".HttpResponse", false, loader);
      Object headers = ClientExceptions.retryAfterHeaders(Class.forName(httpPackage + ".Headers", false, loader),
          decision);
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      return Proxy.newProxyInstance(loader, new Class<?>[] {responseType}, (proxy, method, args) ->
          switch (method.getName()) {
            case "statusCode" -> 429;
            case "headers" -> headers;
            case "body" -> new ByteArrayInputStream(bytes);
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            case "toString" -> "HttpResponse{statusCode=429, governor refusal: " + decision.getMessage() + "}";
            // requestId() and other default methods as the SDK defines them (from the headers); close() does nothing
            default -> method.isDefault() ? InvocationHandler.invokeDefault(proxy, method, args) : null;
          });
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null; // another SDK version: the refusal is thrown as the SDK's exception instead
    }
  }

  /** {@code text} as a JSON string literal. */
  public static String jsonString(String text) {
    StringBuilder b = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}

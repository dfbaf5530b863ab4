package io.aiecs.governor.agent.http;

import java.nio.charset.StandardCharsets;

/**
 * An HTTP request the fallback recognised as an LLM call: what attribution rules and telemetry read from it (the
 * provider, the model the request names, whether it asks for a stream) and its body, which stands in for the
 * request's size when usage has to be estimated ({@link #toString()}).
 *
 * @param model  the request JSON's top-level {@code model} (Gemini: from the path), or null
 * @param stream the request JSON's top-level {@code "stream": true}, or Gemini's streaming path
 */
public record LlmRequest(LlmEndpoint endpoint, String model, boolean stream, byte[] body) {
  /** Bodies larger than this are not read for the model (a request that size is no chat message). */
  public static final int MAX_SCANNED_BODY = 8 << 20;

  /** Recognises the request from its method, path and (when it could be read) body; null: not an LLM call. */
  public static LlmRequest of(String method, String path, byte[] body) {
    LlmEndpoint endpoint = LlmEndpoint.of(method, path);
    if (endpoint == null) {
      return null;
    }
    String[] model = {endpoint.modelFromPath(path)};
    boolean[] stream = {endpoint.streamsByPath(path)};
    if (body != null) {
      JsonScanner scanner = new JsonScanner(new JsonScanner.Listener() {
        @Override
        public void string(JsonScanner at, CharSequence captured, long chars) {
          if (at.depth() == 1 && model[0] == null && "model".equals(at.key(0))) {
            model[0] = captured.toString();
          }
        }

        @Override
        public void bool(JsonScanner at, boolean value) {
          if (at.depth() == 1 && "stream".equals(at.key(0))) {
            stream[0] |= value;
          }
        }
      });
      scanner.feed(body, 0, body.length);
      scanner.end();
    }
    return new LlmRequest(endpoint, model[0], stream[0], body);
  }

  public String provider() {
    return endpoint.provider;
  }

  /** The request body as text: what a usage estimate counts as the request's size. */
  @Override
  public String toString() {
    return body == null ? "" : new String(body, StandardCharsets.UTF_8);
  }
}

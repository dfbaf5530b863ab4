package io.aiecs.governor.agent.http;

/**
 * The LLM APIs the generic HTTP fallback recognises, by request method and URL path alone (so that any base URL,
 * proxy prefix or compatible server works): POST {@code …/chat/completions} and {@code …/responses} (OpenAI and
 * compatible servers), {@code …/v1/messages} (Anthropic; not {@code /v1/messages/count_tokens}), and Gemini's
 * {@code …:generateContent} and {@code …:streamGenerateContent} (Google AI and Vertex AI paths alike).
 */
public enum LlmEndpoint {
  OPENAI_CHAT("openai", "chat"),
  OPENAI_RESPONSES("openai", "responses"),
  ANTHROPIC_MESSAGES("anthropic", "messages"),
  GEMINI_GENERATE("gcp.gemini", "generate_content");

  /** {@code gen_ai.provider.name} of the API. */
  public final String provider;
  /** The site's operation name. */
  public final String operation;

  LlmEndpoint(String provider, String operation) {
    this.provider = provider;
    this.operation = operation;
  }

  private static final String GENERATE = ":generateContent";
  private static final String STREAM_GENERATE = ":streamGenerateContent";

  /** The API a request goes to, or null for every other request (which the fallback leaves alone). */
  public static LlmEndpoint of(String method, String path) {
    if (path == null || !"POST".equals(method)) {
      return null;
    }
    int end = path.length();
    while (end > 1 && path.charAt(end - 1) == '/') {
      end--; // a trailing slash
    }
    if (endsWith(path, end, "/chat/completions")) {
      return OPENAI_CHAT;
    }
    if (endsWith(path, end, "/responses")) {
      return OPENAI_RESPONSES;
    }
    if (endsWith(path, end, "/v1/messages")) {
      return ANTHROPIC_MESSAGES;
    }
    if (endsWith(path, end, GENERATE) || endsWith(path, end, STREAM_GENERATE)) {
      return GEMINI_GENERATE;
    }
    return null;
  }

  private static boolean endsWith(String path, int end, String suffix) {
    return end >= suffix.length() && path.regionMatches(end - suffix.length(), suffix, 0, suffix.length());
  }

  /** Whether the path itself asks for a stream (Gemini's {@code :streamGenerateContent}). */
  public boolean streamsByPath(String path) {
    return this == GEMINI_GENERATE && path != null && path.contains(STREAM_GENERATE);
  }

  /** Gemini names the model in the path: {@code …/models/<model>:generateContent}; null for the others. */
  public String modelFromPath(String path) {
    if (this != GEMINI_GENERATE || path == null) {
      return null;
    }
    int colon = path.lastIndexOf(':');
    int slash = path.lastIndexOf('/', colon);
    return colon > slash + 1 && slash >= 0 ? path.substring(slash + 1, colon) : null;
  }
}

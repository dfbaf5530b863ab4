package io.aiecs.governor.agent.runtime;

/**
 * A rough token count for a stream that reported no usage (e.g. OpenAI streaming without
 * {@code stream_options.include_usage}): about four characters per token, the rule of thumb of OpenAI's and
 * Anthropic's tokenizers for English text. Good enough to keep a budget honest; calls charged this way are marked
 * as estimated in the metrics. A tokenizer (JTokkit) would be closer but brings megabytes of vocabularies.
 */
final class UsageEstimate {
  private static final int CHARS_PER_TOKEN = 4;

  private UsageEstimate() {}

  static long tokens(long chars) {
    return chars <= 0 ? 0 : (chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
  }

  /** The size of the request as the library describes it: its messages and parameters, an upper bound. */
  static long requestChars(Object request) {
    return request == null ? 0 : String.valueOf(request).length();
  }
}

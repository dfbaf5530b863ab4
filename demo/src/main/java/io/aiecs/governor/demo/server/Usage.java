package io.aiecs.governor.demo.server;

/** The token usage the fake server reports for one response. */
public record Usage(long promptTokens, long completionTokens) {
  public Usage {
    if (promptTokens < 0 || completionTokens < 0) {
      throw new IllegalArgumentException("token counts must be >= 0: " + promptTokens + "," + completionTokens);
    }
  }

  public long totalTokens() {
    return promptTokens + completionTokens;
  }

  /** Parses the {@code x-fake-usage} header value {@code "<prompt>,<completion>"}. */
  static Usage parseHeader(String value) {
    String[] parts = value.split(",");
    if (parts.length != 2) {
      throw new IllegalArgumentException("x-fake-usage must be '<prompt>,<completion>', got '" + value + "'");
    }
    return new Usage(Long.parseLong(parts[0].trim()), Long.parseLong(parts[1].trim()));
  }

  /** The header value that asks the fake server for this usage. */
  public String headerValue() {
    return promptTokens + "," + completionTokens;
  }
}

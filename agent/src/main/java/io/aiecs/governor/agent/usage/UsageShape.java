package io.aiecs.governor.agent.usage;

/**
 * Where a client library's response object keeps its token usage. Each instrumentation declares one per
 * response type; the reading itself is shared.
 */
public final class UsageShape {
  private final PropertyPath container;
  private final PropertyPath input;
  private final PropertyPath output;
  private final PropertyPath total;
  private final PropertyPath cached;
  private final PropertyPath reasoning;
  private PropertyPath toolCallsRequested;
  /** Where else to look when this shape's container is absent (e.g. another event type of a stream). */
  private UsageShape fallback;
  /** Usage a library keeps where no accessor chain reaches (e.g. inside a JSON body), read by its module. */
  private Reader reader;

  /** Reads one response's usage itself; returns false when the response carries none. */
  @FunctionalInterface
  public interface Reader {
    boolean read(Object response, UsageSink sink);
  }

  /** A shape whose usage a module reads itself, e.g. by parsing a provider-specific body. */
  public static UsageShape reading(Reader reader) {
    UsageShape shape = new UsageShape(null, null, null, null, null, null);
    shape.reader = reader;
    return shape;
  }

  private UsageShape(PropertyPath container, PropertyPath input, PropertyPath output, PropertyPath total,
                     PropertyPath cached, PropertyPath reasoning) {
    this.container = container;
    this.input = input;
    this.output = output;
    this.total = total;
    this.cached = cached;
    this.reasoning = reasoning;
  }

  /**
   * @param container path from the response to the usage object, e.g. {@code "usage"}
   * @param input     accessor(s) below the container, e.g. {@code "promptTokens"}; the others likewise,
   *                  dotted for nested paths ({@code "promptTokensDetails.cachedTokens"}); {@code null} if the
   *                  library does not report that figure
   */
  public static UsageShape of(String container, String input, String output, String total, String cached,
                              String reasoning) {
    return new UsageShape(path(container), path(input), path(output), path(total), path(cached), path(reasoning));
  }

  /**
   * Also counts the tool calls the model asks for in a response (for reporting), at this dotted path from the
   * response, e.g. {@code choices.message.toolCalls}.
   */
  public UsageShape withToolCallsRequested(String dotted) {
    this.toolCallsRequested = path(dotted);
    return this;
  }

  /**
   * Reads usage with {@code next} when this shape finds no usage container: for a stream whose events carry
   * usage in different places (Anthropic's {@code message_start} and {@code message_delta}).
   */
  public UsageShape orElse(UsageShape next) {
    UsageShape last = this;
    while (last.fallback != null) {
      last = last.fallback;
    }
    last.fallback = next;
    return this;
  }

  private static PropertyPath path(String dotted) {
    return dotted == null ? null : PropertyPath.of(dotted.split("\\."));
  }

  /** Reads the usage of {@code response} into {@code sink}; returns false when the response carries none. */
  public boolean read(Object response, UsageSink sink) {
    if (reader != null) {
      return reader.read(response, sink);
    }
    if (toolCallsRequested != null) {
      long n = toolCallsRequested.count(response);
      if (n > 0) {
        sink.toolCallsRequested(n);
      }
    }
    Object usage = container.read(response);
    if (usage == null) {
      return fallback != null && fallback.read(response, sink);
    }
    sink.usage(get(input, usage), get(output, usage), get(total, usage), get(cached, usage), get(reasoning, usage));
    return true;
  }

  private static long get(PropertyPath path, Object usage) {
    return path == null ? PropertyPath.ABSENT : path.readLong(usage);
  }

  /** Receives one response's usage; {@link PropertyPath#ABSENT} for figures not reported. */
  @FunctionalInterface
  public interface UsageSink {
    void usage(long input, long output, long total, long cached, long reasoning);

    /** The response asks for {@code n} tool calls. */
    default void toolCallsRequested(long n) {}
  }
}

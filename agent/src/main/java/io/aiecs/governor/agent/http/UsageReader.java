package io.aiecs.governor.agent.http;

import io.aiecs.governor.agent.usage.PropertyPath;

/**
 * Reads token usage, and the length of generated text, from the JSON documents of OpenAI-, Anthropic- and
 * Gemini-compatible responses as {@link JsonScanner} reports them: a whole response body, or one SSE event at a
 * time. Usage objects are recognised by their path, not by matching text:
 * <ul>
 *   <li>{@code usage} at the top level: OpenAI chat completions and their {@code include_usage} chunk,
 *       the Responses API, Anthropic messages and {@code message_delta} events;
 *   <li>{@code response.usage}: Responses API stream events ({@code response.completed}, {@code .incomplete},
 *       {@code .failed});
 *   <li>{@code message.usage}: Anthropic's {@code message_start} event;
 *   <li>{@code usageMetadata}: Gemini responses and chunks (also inside the JSON array of a non-SSE stream).
 * </ul>
 * Each usage object is reported when it closes, as input, output, total, cached and reasoning tokens (absent
 * figures as {@link PropertyPath#ABSENT}); a stream's running totals are reported as often as they come, and the
 * call keeps the largest figure per field. Anthropic's input tokens exclude cache reads and writes, so these are
 * added to its input, as OpenAI's prompt tokens include cached ones.
 */
final class UsageReader implements JsonScanner.Listener {
  /** Where the figures go. */
  interface Sink {
    void usage(long input, long output, long total, long cached, long reasoning);

    /** Characters of generated text (for an estimate when no usage is reported). */
    void text(long chars);
  }

  private static final int INPUT = 0;
  private static final int OUTPUT = 1;
  private static final int TOTAL = 2;
  private static final int CACHED = 3;
  private static final int REASONING = 4;
  private static final int CACHE_WRITE = 5;
  private static final int CACHE_READ = 6;

  private final Sink sink;
  private final long[] figures = new long[7];
  private boolean any;

  UsageReader(Sink sink) {
    this.sink = sink;
    clear();
  }

  @Override
  public void number(JsonScanner at, long value) {
    int d = at.depth();
    int u = usageLevel(at, d - 2);
    int slot = -1;
    if (u == d - 2) {
      slot = field(at.key(d - 1));
    } else {
      u = usageLevel(at, d - 3);
      if (u == d - 3) {
        slot = detail(at.key(d - 2), at.key(d - 1));
      }
    }
    if (slot >= 0) {
      figures[slot] = value;
      any = true;
    }
  }

  @Override
  public void string(JsonScanner at, CharSequence captured, long chars) {
    String key = at.key(at.depth() - 1);
    if (key != null) {
      switch (key) {
        case "content", "text", "delta", "partial_json", "arguments" -> sink.text(chars);
        default -> { }
      }
    }
  }

  @Override
  public void endObject(JsonScanner at) {
    int own = at.depth() - 2; // the level of the key that leads into the closing object
    if (any && own >= 0 && usageLevel(at, own) == own) {
      flush();
    }
  }

  /** {@code level} if the key at that level names a usage object in one of the known places, else -1. */
  private static int usageLevel(JsonScanner at, int level) {
    String key = at.key(level);
    if (key == null || !(key.equals("usage") || key.equals("usageMetadata"))) {
      return -1;
    }
    int named = 0;
    for (int i = 0; i < level; i++) {
      if (at.inArray(i)) {
        continue;
      }
      String outer = at.key(i);
      if (++named > 1 || !("response".equals(outer) || "message".equals(outer))) {
        return -1;
      }
    }
    return level;
  }

  private static int field(String key) {
    if (key == null) {
      return -1;
    }
    return switch (key) {
      case "prompt_tokens", "input_tokens", "promptTokenCount" -> INPUT;
      case "completion_tokens", "output_tokens", "candidatesTokenCount" -> OUTPUT;
      case "total_tokens", "totalTokenCount" -> TOTAL;
      case "cachedContentTokenCount" -> CACHED;
      case "thoughtsTokenCount" -> REASONING;
      case "cache_creation_input_tokens" -> CACHE_WRITE;
      case "cache_read_input_tokens" -> CACHE_READ;
      default -> -1;
    };
  }

  private static int detail(String group, String key) {
    if (group == null || key == null) {
      return -1;
    }
    if (key.equals("cached_tokens") && (group.equals("prompt_tokens_details") || group.equals("input_tokens_details"))) {
      return CACHED;
    }
    if ((key.equals("reasoning_tokens") || key.equals("thinking_tokens"))
        && (group.equals("completion_tokens_details") || group.equals("output_tokens_details"))) {
      return REASONING;
    }
    return -1;
  }

  private void flush() {
    long input = figures[INPUT];
    if (figures[CACHE_WRITE] > 0 || figures[CACHE_READ] > 0) {
      input = Math.max(0, input) + Math.max(0, figures[CACHE_WRITE]) + Math.max(0, figures[CACHE_READ]);
    }
    long cached = figures[CACHED] >= 0 ? figures[CACHED] : figures[CACHE_READ];
    sink.usage(input, figures[OUTPUT], figures[TOTAL], cached, figures[REASONING]);
    clear();
  }

  private void clear() {
    java.util.Arrays.fill(figures, PropertyPath.ABSENT);
    any = false;
  }
}

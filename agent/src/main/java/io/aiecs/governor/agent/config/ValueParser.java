package io.aiecs.governor.agent.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Turns the text of a known key into its typed value, or a one-phrase reason why it cannot. */
final class ValueParser {
  static final List<String> LOG_LEVELS = List.of("error", "warn", "info", "debug");
  static final String UNLIMITED = "unlimited";
  private static final Pattern WHOLE = Pattern.compile("[0-9]+");
  private static final Pattern DECIMAL = Pattern.compile("[0-9]+(\\.[0-9]*)?|\\.[0-9]+");
  // Durations must still fit Duration.toNanos() for the limits engine.
  private static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(Long.MAX_VALUE / 1_000_000_000L);

  /** Exactly one of {@code value} and {@code error} is non-null. */
  record Parsed(Object value, String error) {
    static Parsed ok(Object value) {
      return new Parsed(value, null);
    }

    static Parsed error(String error) {
      return new Parsed(null, error);
    }
  }

  private ValueParser() {}

  static Parsed parse(ConfigKey key, String text) {
    return switch (key) {
      case ENABLED, ENFORCE_LIMITS, REJECT_ON_LIMIT, GENAI_METRICS_ENABLED, TRACES_ENABLED -> bool(text);
      case MAX_CONCURRENT_TASKS -> limit(text, Integer.MAX_VALUE, true);
      case MAX_TOKENS_PER_MINUTE, MAX_TOKENS_PER_HOUR -> limit(text, Long.MAX_VALUE, true);
      case TOKEN_BURST_SIZE -> limit(text, Long.MAX_VALUE, false);
      case RESOURCE_WAIT_TIMEOUT_SECONDS -> seconds(text);
      case DEFAULT_AGENT -> Keys.isValidAgentId(text)
          ? Parsed.ok(text)
          : Parsed.error("not a valid agent id (" + Keys.AGENT_ID_RULE + ")");
      case CONFIG_FILE -> Parsed.ok(text);
      case LOG_LEVEL -> LOG_LEVELS.contains(text.toLowerCase(Locale.ROOT))
          ? Parsed.ok(text.toLowerCase(Locale.ROOT))
          : Parsed.error("not one of " + String.join(", ", LOG_LEVELS));
      case MATCH_THREAD -> regex(text);
    };
  }

  private static Parsed bool(String text) {
    if (text.equalsIgnoreCase("true")) {
      return Parsed.ok(Boolean.TRUE);
    }
    if (text.equalsIgnoreCase("false")) {
      return Parsed.ok(Boolean.FALSE);
    }
    return Parsed.error("not true or false");
  }

  /** A whole number >= 1 as Integer or Long (by {@code max}); "unlimited" maps to {@link AgentLimits#UNLIMITED}. */
  private static Parsed limit(String text, long max, boolean unlimitedAllowed) {
    if (unlimitedAllowed && text.equalsIgnoreCase(UNLIMITED)) {
      return Parsed.ok(box(AgentLimits.UNLIMITED, max));
    }
    String expected = unlimitedAllowed ? "not a whole number >= 1 or unlimited" : "not a whole number >= 1";
    if (!WHOLE.matcher(text).matches()) {
      return Parsed.error(expected);
    }
    BigDecimal n = new BigDecimal(text);
    if (n.signum() == 0) {
      return Parsed.error(expected);
    }
    if (n.compareTo(BigDecimal.valueOf(max)) > 0) {
      return Parsed.error("too large (at most " + max + ")");
    }
    return Parsed.ok(box(n.longValueExact(), max));
  }

  private static Object box(long value, long max) {
    if (max == Integer.MAX_VALUE) { // not a ?: expression: that would promote the Integer to Long
      return Integer.valueOf((int) value);
    }
    return Long.valueOf(value);
  }

  private static Parsed seconds(String text) {
    if (!DECIMAL.matcher(text).matches()) {
      return Parsed.error("not a number of seconds >= 0");
    }
    BigDecimal s = new BigDecimal(text.endsWith(".") ? text + "0" : text);
    if (s.compareTo(MAX_SECONDS) > 0) {
      return Parsed.error("too large (at most " + MAX_SECONDS + " seconds)");
    }
    BigDecimal nanos = s.movePointRight(9).setScale(0, RoundingMode.DOWN);
    return Parsed.ok(Duration.ofNanos(nanos.longValueExact()));
  }

  private static Parsed regex(String text) {
    if (text.isEmpty()) {
      return Parsed.error("not a valid regular expression (empty)");
    }
    try {
      return Parsed.ok(Pattern.compile(text));
    } catch (PatternSyntaxException e) {
      String where = e.getIndex() >= 0 ? " near index " + e.getIndex() : "";
      return Parsed.error("not a valid regular expression (" + e.getDescription() + where + ")");
    }
  }
}

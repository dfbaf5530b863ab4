package io.aiecs.governor.agent.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Turns the text of a known key into its typed value, or a one-phrase reason why it cannot. It runs on the host's
 * main thread before its {@code main} (issue 6), so the number shapes are checked by plain loops rather than
 * regular expressions, and nothing here is a lambda or a stream.
 */
final class ValueParser {
  static final List<String> LOG_LEVELS = List.of("error", "warn", "info", "debug");
  static final String UNLIMITED = "unlimited";
  static final String NONE = "none";
  static final String OFF = "off";
  /**
   * The parsed value of {@code task-timeout-seconds=none}: a value of its own (not absent) so that an agent's
   * {@code none} lifts a plain timeout; it becomes null in {@link AgentLimits}.
   */
  static final Duration NO_TASK_TIMEOUT = Duration.ZERO;
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
      case ENABLED, ENFORCE_LIMITS, REJECT_ON_LIMIT, GENAI_METRICS_ENABLED, TRACES_ENABLED, INSTRUMENTATION_ENABLED ->
          bool(text);
      case MAX_CONCURRENT_TASKS -> limit(text, Integer.MAX_VALUE, true);
      case MAX_TOKENS_PER_MINUTE, MAX_TOKENS_PER_HOUR, MAX_TOOL_CALLS_PER_MINUTE, MAX_TOOL_CALLS_PER_HOUR ->
          limit(text, Long.MAX_VALUE, true);
      case MAX_MEMORY_MB -> limit(text, AgentLimits.MAX_MEMORY_MB, true);
      case TOKEN_BURST_SIZE -> limit(text, Long.MAX_VALUE, false);
      case RESOURCE_WAIT_TIMEOUT_SECONDS -> seconds(text);
      case TASK_TIMEOUT_SECONDS -> taskTimeout(text);
      case THROTTLE_THRESHOLD -> threshold(text);
      case REJECT_AS -> rejectAs(text);
      case DEFAULT_AGENT -> Keys.isValidAgentId(text)
          ? Parsed.ok(text)
          : Parsed.error("not a valid agent id (" + Keys.AGENT_ID_RULE + ")");
      case CONFIG_FILE -> Parsed.ok(text);
      case LOG_LEVEL -> LOG_LEVELS.contains(text.toLowerCase(Locale.ROOT))
          ? Parsed.ok(text.toLowerCase(Locale.ROOT))
          : Parsed.error("not one of " + String.join(", ", LOG_LEVELS));
      case TOOL_METHODS -> list(text, key, "fully.qualified.Class#method or fully.qualified.Class#*");
      case ENTRY -> list(text, key, "fully.qualified.Class#method");
      case MATCH_CALLER -> list(text, key, "a package, fully.qualified.Class or fully.qualified.Class#method");
      case EXCLUDE_CLASS_LOADERS -> list(text, key, "fully.qualified.ClassLoaderClass");
      case MATCH_THREAD, MATCH_MODEL -> regex(text);
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
    if (!isWhole(text)) {
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
    if (!isDecimal(text)) {
      return Parsed.error("not a number of seconds >= 0");
    }
    return duration(text);
  }

  /** A positive duration, or {@link #NO_TASK_TIMEOUT} for {@code none} / {@code unlimited}. */
  private static Parsed taskTimeout(String text) {
    if (text.equalsIgnoreCase(NONE) || text.equalsIgnoreCase(UNLIMITED)) {
      return Parsed.ok(NO_TASK_TIMEOUT);
    }
    if (!isDecimal(text) || decimal(text).signum() == 0) {
      return Parsed.error("not a number of seconds > 0, none or unlimited");
    }
    Parsed d = duration(text);
    return NO_TASK_TIMEOUT.equals(d.value()) ? Parsed.error("too small (at least 0.000000001 seconds)") : d;
  }

  /** Seconds of {@link #isDecimal} shape as a Duration, nanoseconds beyond the ninth decimal dropped. */
  private static Parsed duration(String text) {
    BigDecimal s = decimal(text);
    if (s.compareTo(MAX_SECONDS) > 0) {
      return Parsed.error("too large (at most " + MAX_SECONDS + " seconds)");
    }
    BigDecimal nanos = s.movePointRight(9).setScale(0, RoundingMode.DOWN);
    return Parsed.ok(Duration.ofNanos(nanos.longValueExact()));
  }

  private static BigDecimal decimal(String text) {
    return new BigDecimal(text.endsWith(".") ? text + "0" : text);
  }

  private static Parsed threshold(String text) {
    if (text.equalsIgnoreCase(OFF)) {
      return Parsed.ok(AgentLimits.NO_THROTTLING);
    }
    BigDecimal fraction = isDecimal(text) ? decimal(text) : BigDecimal.ZERO;
    if (fraction.signum() == 0 || fraction.compareTo(BigDecimal.ONE) > 0) {
      return Parsed.error("not a decimal > 0 and <= 1, or off");
    }
    return Parsed.ok(fraction.doubleValue());
  }

  private static Parsed rejectAs(String text) {
    for (RejectAs r : RejectAs.values()) {
      if (r.name().equalsIgnoreCase(text)) {
        return Parsed.ok(r);
      }
    }
    return Parsed.error("not governor or client");
  }

  /**
   * Entries separated by {@code ,} or {@code ;}, each trimmed; empty entries are skipped, so an empty value is an
   * empty list. Every malformed entry is named in the one error.
   */
  private static Parsed list(String text, ConfigKey key, String expected) {
    Set<Object> values = new LinkedHashSet<>(); // the same entry twice counts once
    List<String> bad = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= text.length(); i++) {
      if (i < text.length() && text.charAt(i) != ',' && text.charAt(i) != ';') {
        continue;
      }
      String trimmed = text.substring(start, i).trim();
      start = i + 1;
      if (!trimmed.isEmpty()) {
        Object value = entry(key, trimmed);
        if (value == null) {
          bad.add('"' + trimmed + '"');
        } else {
          values.add(value);
        }
      }
    }
    if (!bad.isEmpty()) {
      return Parsed.error((bad.size() == 1 ? "bad entry " : "bad entries ") + String.join(", ", bad)
          + " (expected " + expected + ")");
    }
    return Parsed.ok(List.copyOf(values));
  }

  /** One entry of a list-valued key, else null. */
  private static Object entry(ConfigKey key, String text) {
    return switch (key) {
      case TOOL_METHODS -> method(text, true);
      case ENTRY -> method(text, false);
      case MATCH_CALLER -> callerPattern(text);
      case EXCLUDE_CLASS_LOADERS -> isQualifiedName(text) ? text : null;
      default -> throw new IllegalArgumentException("not a list-valued key: " + key);
    };
  }

  /** One or more digits. */
  private static boolean isWhole(String text) {
    return !text.isEmpty() && digits(text, 0, text.length());
  }

  /** Digits with an optional fraction: {@code 12}, {@code 12.}, {@code 12.5}, {@code .5}. */
  private static boolean isDecimal(String text) {
    int dot = text.indexOf('.');
    if (dot < 0) {
      return isWhole(text);
    }
    boolean integerPart = dot > 0;
    boolean fractionPart = dot < text.length() - 1;
    return (integerPart || fractionPart) && digits(text, 0, dot) && digits(text, dot + 1, text.length());
  }

  private static boolean digits(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** {@code Class#method} (or {@code Class#*} if allowed), else null. */
  private static MethodRef method(String text, boolean allMethodsAllowed) {
    int hash = text.indexOf('#');
    if (hash < 0) {
      return null;
    }
    String className = text.substring(0, hash);
    String methodName = text.substring(hash + 1);
    boolean methodOk = isIdentifier(methodName) || (allMethodsAllowed && methodName.equals(MethodRef.ALL_METHODS));
    return methodOk && isQualifiedName(className) ? new MethodRef(className, methodName) : null;
  }

  /** A package, a class or {@code Class#method}, as the pattern text, else null. */
  private static String callerPattern(String text) {
    int hash = text.indexOf('#');
    boolean ok = hash < 0 ? isQualifiedName(text) : method(text, false) != null;
    return ok ? text : null;
  }

  /** Java identifiers joined by dots; {@code $} counts as a letter, so nested classes are {@code Outer$Inner}. */
  static boolean isQualifiedName(String text) {
    for (String part : text.split("\\.", -1)) {
      if (!isIdentifier(part)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isIdentifier(String text) {
    if (text.isEmpty() || !Character.isJavaIdentifierStart(text.codePointAt(0))) {
      return false;
    }
    for (int i = Character.charCount(text.codePointAt(0)); i < text.length(); ) {
      int c = text.codePointAt(i);
      if (!Character.isJavaIdentifierPart(c)) {
        return false;
      }
      i += Character.charCount(c);
    }
    return true;
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

package io.aiecs.governor.agent.logging;

import java.io.PrintStream;
import java.time.LocalTime;
import java.util.Locale;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * Writes {@code HH:mm:ss.SSS [LEVEL] <name> - message} to stderr (a throwable's stack trace after it), for levels
 * at or above one threshold shared by every logger of the agent.
 */
final class AgentLogger extends LegacyAbstractLogger {
  private static final long serialVersionUID = 1L;
  private static volatile int threshold = Level.INFO.toInt();

  AgentLogger(String name) {
    this.name = name;
  }

  /** {@code error}, {@code warn}, {@code info} or {@code debug} (any case); anything else means info. */
  static void threshold(String level) {
    Level l = Level.INFO;
    if (level != null) {
      try {
        l = Level.valueOf(level.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException unknown) {
        l = Level.INFO;
      }
    }
    threshold = l.toInt();
  }

  private static boolean enabled(Level level) {
    return level.toInt() >= threshold;
  }

  @Override
  public boolean isTraceEnabled() {
    return enabled(Level.TRACE);
  }

  @Override
  public boolean isDebugEnabled() {
    return enabled(Level.DEBUG);
  }

  @Override
  public boolean isInfoEnabled() {
    return enabled(Level.INFO);
  }

  @Override
  public boolean isWarnEnabled() {
    return enabled(Level.WARN);
  }

  @Override
  public boolean isErrorEnabled() {
    return enabled(Level.ERROR);
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                             Throwable throwable) {
    String message = MessageFormatter.basicArrayFormat(pattern, arguments);
    StringBuilder line = new StringBuilder(32 + name.length() + (message == null ? 4 : message.length()));
    time(line, localTime(System.currentTimeMillis()));
    line.append(" [").append(level.name()).append("] ").append(name).append(" - ").append(message);
    PrintStream err = System.err;
    synchronized (err) { // the line and its stack trace together
      err.println(line);
      if (throwable != null) {
        throwable.printStackTrace(err);
      }
    }
  }

  /**
   * The local time of day at {@code epochMillis}, through {@link java.util.TimeZone} (which a host loads anyway)
   * rather than {@code java.time}'s zone rules, which would parse the JDK's time-zone database a second time.
   */
  static LocalTime localTime(long epochMillis) {
    long local = epochMillis + java.util.TimeZone.getDefault().getOffset(epochMillis);
    return LocalTime.ofNanoOfDay(Math.floorMod(local, 86_400_000L) * 1_000_000L);
  }

  /** {@code HH:mm:ss.SSS}, without the locale machinery of a date formatter. */
  static void time(StringBuilder sb, LocalTime t) {
    two(sb, t.getHour()).append(':');
    two(sb, t.getMinute()).append(':');
    two(sb, t.getSecond()).append('.');
    int millis = t.getNano() / 1_000_000;
    sb.append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10)).append((char) ('0' + millis % 10));
  }

  private static StringBuilder two(StringBuilder sb, int v) {
    return sb.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
  }
}

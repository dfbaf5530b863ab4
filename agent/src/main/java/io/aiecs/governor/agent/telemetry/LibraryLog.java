package io.aiecs.governor.agent.telemetry;

import io.aiecs.governor.agent.logging.AgentLog;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import org.slf4j.Logger;

/**
 * Where the bundled telemetry libraries' log messages go: the governor's log. Warnings and errors are
 * rate-limited per logger, so that an unreachable collector, which fails every export, costs the host one
 * line per {@link #WARN_INTERVAL_NANOS} rather than one per export; the lines in between go to debug and are
 * counted in the next warning. Everything below warning goes to debug, except what the {@code logging}
 * exporter prints, which goes to info.
 */
public final class LibraryLog {
  private static final String LOGGING_EXPORTER = ".exporter.logging.";
  static final long WARN_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(5);

  private static volatile LibraryLog instance = new LibraryLog(AgentLog.get(), System::nanoTime);

  private final Logger log;
  private final LongSupplier clock;
  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

  LibraryLog(Logger log, LongSupplier clock) {
    this.log = log;
    this.clock = clock;
  }

  static LibraryLog get() {
    return instance;
  }

  /** For tests: routes library messages to {@code log} on {@code clock}. */
  static void install(LibraryLog log) {
    instance = log;
  }

  boolean isLoggable(Level level) {
    return level.intValue() >= Level.INFO.intValue() || log.isDebugEnabled();
  }

  void log(String logger, Level level, String message, Throwable thrown) {
    String text = "telemetry (" + shortName(logger) + "): " + message;
    if (logger != null && logger.contains(LOGGING_EXPORTER) && level.intValue() >= Level.INFO.intValue()) {
      log.info(text); // otel.metrics.exporter=logging: printing is its whole job
      return;
    }
    if (level.intValue() < Level.WARNING.intValue()) {
      if (log.isDebugEnabled()) {
        log.debug(text, thrown);
      }
      return;
    }
    Window w = windows.computeIfAbsent(logger, k -> new Window());
    long now = clock.getAsLong();
    long last = w.lastWarned.get();
    if (last != Long.MIN_VALUE && now - last < WARN_INTERVAL_NANOS || !w.lastWarned.compareAndSet(last, now)) {
      w.suppressed.incrementAndGet();
      if (log.isDebugEnabled()) {
        log.debug(text, thrown);
      }
      return;
    }
    long suppressed = w.suppressed.getAndSet(0);
    String suffix = suppressed > 0 ? " (" + suppressed + " similar message(s) since the last one)" : "";
    // The cause's own line only: a stack trace per failed export helps nobody.
    String cause = thrown == null ? "" : ": " + thrown;
    log.warn(text + cause + suffix + "; the application is not affected, next such warning in at most "
        + TimeUnit.NANOSECONDS.toMinutes(WARN_INTERVAL_NANOS) + " min");
  }

  private static String shortName(String logger) {
    int dot = logger == null ? -1 : logger.lastIndexOf('.');
    return dot < 0 ? String.valueOf(logger) : logger.substring(dot + 1);
  }

  private static final class Window {
    final AtomicLong lastWarned = new AtomicLong(Long.MIN_VALUE);
    final AtomicLong suppressed = new AtomicLong();
  }
}

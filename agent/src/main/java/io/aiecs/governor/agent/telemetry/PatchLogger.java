package io.aiecs.governor.agent.telemetry;

import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;

/**
 * Stands in for {@code java.util.logging.Logger} inside the bundled OpenTelemetry SDK, OkHttp and Prometheus
 * exporter: the agent jar is built with every reference to that class relocated here (the OpenTelemetry Java
 * agent's trick). So the libraries never initialise the JVM's {@code LogManager} (which would read the host's
 * logging configuration too early, before its own log manager is on the class path) and never write to the
 * host's log handlers. Their messages go to the governor's own log, rate-limited by {@link LibraryLog}.
 *
 * <p>Only the methods the bundled libraries call are here; the build's relocation turns any other into a
 * link error found by the agent-jar test.
 */
public final class PatchLogger {
  private static final Handler[] NO_HANDLERS = new Handler[0];

  private final String name;

  private PatchLogger(String name) {
    this.name = name;
  }

  public static PatchLogger getLogger(String name) {
    return new PatchLogger(name);
  }

  public static PatchLogger getLogger(String name, String resourceBundleName) {
    return new PatchLogger(name);
  }

  public String getName() {
    return name;
  }

  public boolean isLoggable(Level level) {
    return LibraryLog.get().isLoggable(level);
  }

  public void log(Level level, String message) {
    LibraryLog.get().log(name, level, message, null);
  }

  public void log(Level level, String message, Throwable thrown) {
    LibraryLog.get().log(name, level, message, thrown);
  }

  public void log(Level level, String message, Object param) {
    log(level, message, new Object[] {param});
  }

  public void log(Level level, String message, Object[] params) {
    if (isLoggable(level)) {
      LibraryLog.get().log(name, level, format(message, params), null);
    }
  }

  public void log(Level level, Supplier<String> message) {
    if (isLoggable(level)) {
      LibraryLog.get().log(name, level, message.get(), null);
    }
  }

  public void severe(String message) {
    log(Level.SEVERE, message);
  }

  public void warning(String message) {
    log(Level.WARNING, message);
  }

  public void info(String message) {
    log(Level.INFO, message);
  }

  public void config(String message) {
    log(Level.CONFIG, message);
  }

  public void fine(String message) {
    log(Level.FINE, message);
  }

  public void finer(String message) {
    log(Level.FINER, message);
  }

  public void finest(String message) {
    log(Level.FINEST, message);
  }

  /** No handlers: nothing of ours is attached to the JVM's logging. */
  public Handler[] getHandlers() {
    return NO_HANDLERS;
  }

  public void setLevel(Level level) {
    // the governor's log level rules
  }

  public Level getLevel() {
    return null;
  }

  /** {@code {0}}-style parameters, as {@link java.util.logging.Formatter#formatMessage} fills them. */
  static String format(String message, Object[] params) {
    if (message == null || params == null || params.length == 0 || message.indexOf('{') < 0) {
      return message;
    }
    try {
      return java.text.MessageFormat.format(message, params);
    } catch (IllegalArgumentException e) {
      return message;
    }
  }
}

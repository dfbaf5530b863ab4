package io.aiecs.governor.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.slf4j.helpers.MarkerIgnoringBase;

class LibraryLogTest {
  /** Collects warnings; debug is off, as by default. */
  @SuppressWarnings("serial")
  static final class Warnings extends MarkerIgnoringBase {
    final List<String> lines = new ArrayList<>();

    @Override public boolean isTraceEnabled() { return false; }
    @Override public void trace(String msg) {}
    @Override public void trace(String format, Object arg) {}
    @Override public void trace(String format, Object arg1, Object arg2) {}
    @Override public void trace(String format, Object... arguments) {}
    @Override public void trace(String msg, Throwable t) {}
    @Override public boolean isDebugEnabled() { return false; }
    @Override public void debug(String msg) {}
    @Override public void debug(String format, Object arg) {}
    @Override public void debug(String format, Object arg1, Object arg2) {}
    @Override public void debug(String format, Object... arguments) {}
    @Override public void debug(String msg, Throwable t) {}
    @Override public boolean isInfoEnabled() { return true; }
    @Override public void info(String msg) {}
    @Override public void info(String format, Object arg) {}
    @Override public void info(String format, Object arg1, Object arg2) {}
    @Override public void info(String format, Object... arguments) {}
    @Override public void info(String msg, Throwable t) {}
    @Override public boolean isWarnEnabled() { return true; }
    @Override public void warn(String msg) { lines.add(msg); }
    @Override public void warn(String format, Object arg) { lines.add(format); }
    @Override public void warn(String format, Object... arguments) { lines.add(format); }
    @Override public void warn(String format, Object arg1, Object arg2) { lines.add(format); }
    @Override public void warn(String msg, Throwable t) { lines.add(msg); }
    @Override public boolean isErrorEnabled() { return true; }
    @Override public void error(String msg) {}
    @Override public void error(String format, Object arg) {}
    @Override public void error(String format, Object arg1, Object arg2) {}
    @Override public void error(String format, Object... arguments) {}
    @Override public void error(String msg, Throwable t) {}
  }

  @Test
  void anUnreachableCollectorCostsOneWarningPerIntervalCountingTheRest() {
    Warnings out = new Warnings();
    AtomicLong now = new AtomicLong();
    LibraryLog log = new LibraryLog(out, now::get);
    String exporter = "io.aiecs.governor.shaded.io.opentelemetry.exporter.internal.http.HttpExporter";

    for (int i = 0; i < 10; i++) { // one failed export per second
      log.log(exporter, Level.SEVERE, "Failed to export metrics", new java.net.ConnectException("refused"));
      now.addAndGet(TimeUnit.SECONDS.toNanos(1));
    }
    assertThat(out.lines).hasSize(1);
    assertThat(out.lines.get(0)).contains("HttpExporter", "Failed to export metrics", "ConnectException");

    now.addAndGet(LibraryLog.WARN_INTERVAL_NANOS);
    log.log(exporter, Level.SEVERE, "Failed to export metrics", null);
    assertThat(out.lines).hasSize(2);
    assertThat(out.lines.get(1)).contains("9 similar message(s)");
  }

  @Test
  void belowWarningNothingReachesTheLogUnlessDebugIsOn() {
    Warnings out = new Warnings();
    LibraryLog log = new LibraryLog(out, System::nanoTime);
    log.log("x.Y", Level.INFO, "started", null);
    log.log("x.Y", Level.FINE, "details", null);
    assertThat(out.lines).isEmpty();
    assertThat(log.isLoggable(Level.FINE)).isFalse();
    assertThat(log.isLoggable(Level.INFO)).as("the logging exporter prints at info").isTrue();
    assertThat(log.isLoggable(Level.WARNING)).isTrue();
  }

  @Test
  void patchLoggerFillsMessageParameters() {
    assertThat(PatchLogger.format("exporter {0} on port {1}", new Object[] {"otlp", 4318})).isEqualTo(
        "exporter otlp on port 4,318".replace("4,318", java.text.MessageFormat.format("{0}", 4318)));
    assertThat(PatchLogger.format("no parameters", null)).isEqualTo("no parameters");
  }
}

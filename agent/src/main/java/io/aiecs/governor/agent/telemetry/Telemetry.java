package io.aiecs.governor.agent.telemetry;

import io.aiecs.governor.agent.AgentVersion;
import io.aiecs.governor.agent.config.TelemetrySettings;
import io.aiecs.governor.agent.limits.AgentLimiter;
import io.aiecs.governor.agent.limits.TimeSource;
import io.aiecs.governor.agent.runtime.CallObserver;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;

/**
 * Starts the governor's telemetry. The SDK is built on a daemon thread, so the host's start does not wait for
 * it; calls made meanwhile are kept by a {@link DeferredObserver} and recorded once it is ready. At JVM exit
 * a shutdown hook flushes the last measurements, for at most {@link #EXIT_FLUSH_MILLIS} (a collector that is
 * down must not hold the host's exit), and not at all when no call was recorded. Nothing is started when
 * nothing is to be exported.
 */
public final class Telemetry {
  static final String START_THREAD = "aiecs-governor-telemetry-start";
  private static final int STARTUP_BUFFER = 10_000;
  /** The longest the host's exit waits for the last export. */
  static final long EXIT_FLUSH_MILLIS = 1_000;

  private Telemetry() {}

  /** The observer to give the governor: records into the SDK once started; {@link CallObserver#NOOP} if none. */
  public static CallObserver start(TelemetrySettings settings, Map<String, AgentLimiter> limiters,
                                   AgentLimiter process, TimeSource time,
                                   Map<String, String> systemProperties, Map<String, String> env, Logger log) {
    return start(settings, limiters, process, time, systemProperties, env, log, Thread::start);
  }

  /**
   * As above; {@code launch} starts the thread that builds the SDK (the agent's start runs it once premain's own
   * work is done: the SDK loads about a thousand classes from the agent jar, which premain would otherwise
   * contend with for the jar). Calls recorded before the SDK is ready are buffered.
   */
  public static CallObserver start(TelemetrySettings settings, Map<String, AgentLimiter> limiters,
                                   AgentLimiter process, TimeSource time, Map<String, String> systemProperties,
                                   Map<String, String> env, Logger log, java.util.function.Consumer<Thread> launch) {
    OtelProperties properties = new OtelProperties(settings, systemProperties, env);
    if (!properties.anythingToExport()) {
      log.debug("telemetry off: otel.metrics.exporter=none and no traces");
      return CallObserver.NOOP;
    }
    DeferredObserver deferred = new DeferredObserver(STARTUP_BUFFER);
    AtomicReference<io.opentelemetry.sdk.OpenTelemetrySdk> sdk = new AtomicReference<>();
    Thread starter = new Thread(() -> {
      long t0 = System.nanoTime();
      try {
        var built = TelemetrySdk.build(properties);
        sdk.set(built);
        deferred.ready(new GuardedObserver(observer(built, settings, limiters, process, time), log));
        log.info("telemetry: metrics to {}{}, ready in {} ms",
            properties.effective(OtelProperties.METRICS_EXPORTER, "otlp"),
            settings.traces() ? ", spans to " + properties.effective(OtelProperties.TRACES_EXPORTER, "otlp") : "",
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
      } catch (Throwable e) {
        deferred.ready(CallObserver.NOOP);
        log.warn("telemetry could not start ({}); calls are governed as usual, without metrics", e.toString());
      }
    }, START_THREAD);
    starter.setDaemon(true);
    launch.accept(starter);
    Runtime.getRuntime().addShutdownHook(new Thread(
        () -> flush(deferred, starter, sdk::get, EXIT_FLUSH_MILLIS), "aiecs-governor-telemetry-flush"));
    return deferred;
  }

  /** @param process the process-wide scope, or null */
  static CallObserver observer(io.opentelemetry.api.OpenTelemetry otel, TelemetrySettings settings,
                               Map<String, AgentLimiter> limiters, AgentLimiter process, TimeSource time) {
    var meter = otel.meterBuilder(TelemetryNames.SCOPE).setInstrumentationVersion(AgentVersion.get()).build();
    MetricsObserver metrics = new MetricsObserver(meter, limiters, process, settings.genAiMetrics());
    if (!settings.traces()) {
      return metrics;
    }
    var tracer = otel.tracerBuilder(TelemetryNames.SCOPE).setInstrumentationVersion(AgentVersion.get()).build();
    long epochNanos = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
    return new CompositeObserver(metrics, new SpanObserver(tracer, metrics, new HostSpans(), time::nanoTime,
        epochNanos));
  }

  /**
   * The exit flush: nothing when nothing was recorded; else the SDK's shutdown (which exports what was recorded
   * since the last interval), on a daemon thread of its own that the host's exit waits for at most
   * {@code budgetMillis}: the SDK's shutdown itself blocks for up to 5 s per reader and exporter while an export
   * hangs on a collector that is down. Returns whether the flush completed in time.
   */
  static boolean flush(DeferredObserver observed, Thread starter,
                       java.util.function.Supplier<io.opentelemetry.sdk.OpenTelemetrySdk> sdk, long budgetMillis) {
    if (!observed.recordedAny()) {
      return true;
    }
    java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
    Thread worker = new Thread(() -> {
      try {
        starter.join();
        var s = sdk.get();
        if (s != null) {
          done.set(s.shutdown().join(budgetMillis, TimeUnit.MILLISECONDS).isSuccess());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "aiecs-governor-telemetry-flush-worker");
    worker.setDaemon(true);
    worker.start();
    try {
      worker.join(budgetMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return done.get();
  }
}

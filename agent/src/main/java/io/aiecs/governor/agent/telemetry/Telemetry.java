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
 * a shutdown hook flushes the last measurements. Nothing is started when nothing is to be exported.
 */
public final class Telemetry {
  static final String START_THREAD = "aiecs-governor-telemetry-start";
  private static final int STARTUP_BUFFER = 10_000;

  private Telemetry() {}

  /** The observer to give the governor: records into the SDK once started; {@link CallObserver#NOOP} if none. */
  public static CallObserver start(TelemetrySettings settings, Map<String, AgentLimiter> limiters,
                                   AgentLimiter process, TimeSource time,
                                   Map<String, String> systemProperties, Map<String, String> env, Logger log) {
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
    starter.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> flush(starter, sdk), "aiecs-governor-telemetry-flush"));
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

  private static void flush(Thread starter, AtomicReference<io.opentelemetry.sdk.OpenTelemetrySdk> sdk) {
    try {
      starter.join(5_000);
      var s = sdk.get();
      if (s != null) {
        s.shutdown().join(10, TimeUnit.SECONDS); // exports what was recorded since the last interval
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package io.aiecs.governor.agent.telemetry;

import io.aiecs.governor.agent.config.TelemetrySettings;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code otel.*} properties of the governor's own SDK: what the SDK's autoconfiguration reads itself
 * (system properties, then {@code OTEL_*} variables), overridden by the governor's {@code aiecs.governor.otel.*}
 * settings and by what the governor must decide: no log export ever, no span export unless
 * {@code aiecs.governor.traces.enabled}.
 */
final class OtelProperties {
  static final String METRICS_EXPORTER = "otel.metrics.exporter";
  static final String TRACES_EXPORTER = "otel.traces.exporter";
  static final String LOGS_EXPORTER = "otel.logs.exporter";
  static final String SDK_DISABLED = "otel.sdk.disabled";
  static final String OTLP_RETRY_DISABLED = "otel.java.exporter.otlp.retry.disabled";

  private final TelemetrySettings settings;
  private final Map<String, String> systemProperties;
  private final Map<String, String> env;

  OtelProperties(TelemetrySettings settings, Map<String, String> systemProperties, Map<String, String> env) {
    this.settings = settings;
    this.systemProperties = systemProperties;
    this.env = env;
  }

  /** What the SDK is made to use above its own sources. */
  Map<String, String> overrides() {
    Map<String, String> o = new HashMap<>(settings.otelProperties());
    o.put(LOGS_EXPORTER, "none");
    if (!settings.traces()) {
      o.put(TRACES_EXPORTER, "none");
      // Metrics only: they are cumulative, so an export that fails is made good by the next one, and retrying it
      // with backoff only delays; at exit it held the host for the whole flush budget when no collector listened.
      // Spans are not cumulative: with traces on, the SDK keeps its retries. A setting of the user's wins.
      if (!o.containsKey(OTLP_RETRY_DISABLED) && systemProperties.get(OTLP_RETRY_DISABLED) == null
          && env.get(envName(OTLP_RETRY_DISABLED)) == null) {
        o.put(OTLP_RETRY_DISABLED, "true");
      }
    }
    return o;
  }

  /** The value the SDK will see for {@code name} (overrides, system property, environment), or {@code dflt}. */
  String effective(String name, String dflt) {
    String v = overrides().get(name);
    if (v == null) {
      v = systemProperties.get(name);
    }
    if (v == null) {
      v = env.get(envName(name));
    }
    return v == null || v.isBlank() ? dflt : v.trim();
  }

  private static String envName(String property) {
    return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /**
   * Whether an SDK is worth starting: something is exported. With {@code otel.metrics.exporter=none} and no
   * spans, none is built, so no exporter thread or socket exists.
   */
  boolean anythingToExport() {
    if (Boolean.parseBoolean(effective(SDK_DISABLED, "false"))) {
      return false;
    }
    return !"none".equalsIgnoreCase(effective(METRICS_EXPORTER, "otlp")) || settings.traces();
  }
}

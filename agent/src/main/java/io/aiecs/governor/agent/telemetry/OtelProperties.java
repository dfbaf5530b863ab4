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
  static final String OTLP_PROTOCOL = "otel.exporter.otlp.protocol";
  /**
   * The protocol when the user names none: OpenTelemetry's specified default, and the OpenTelemetry Java agent's
   * since 2.0, and what the README documents (the SDK's own autoconfiguration still defaults to gRPC).
   */
  static final String DEFAULT_OTLP_PROTOCOL = "http/protobuf";

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
    if (!userSet(o, OTLP_PROTOCOL)) {
      o.put(OTLP_PROTOCOL, DEFAULT_OTLP_PROTOCOL); // a per-signal protocol of the user's still wins over it
    }
    if (!settings.traces()) {
      o.put(TRACES_EXPORTER, "none");
      // Metrics only: they are cumulative, so an export that fails is made good by the next one, and retrying it
      // with backoff only delays; at exit it held the host for the whole flush budget when no collector listened.
      // Spans are not cumulative: with traces on, the SDK keeps its retries. A setting of the user's wins.
      if (!userSet(o, OTLP_RETRY_DISABLED)) {
        o.put(OTLP_RETRY_DISABLED, "true");
      }
    }
    return o;
  }

  /** Whether the user set {@code name}: in the governor's settings, as a system property or in the environment. */
  private boolean userSet(Map<String, String> governorSettings, String name) {
    return governorSettings.containsKey(name) || systemProperties.get(name) != null || env.get(envName(name)) != null;
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

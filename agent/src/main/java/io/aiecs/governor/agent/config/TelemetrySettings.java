package io.aiecs.governor.agent.config;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the governor's own OpenTelemetry SDK records, and the {@code otel.*} properties given to it alone.
 *
 * @param genAiMetrics   record the GenAI semantic-convention metrics ({@code gen_ai.client.*})
 * @param traces         export a span per governed call
 * @param otelProperties {@code otel.<name>} to value, from {@code aiecs.governor.otel.<name>} settings; these
 *                       win over the standard {@code otel.*} system properties and {@code OTEL_*} variables
 */
public record TelemetrySettings(boolean genAiMetrics, boolean traces, Map<String, String> otelProperties) {
  public TelemetrySettings {
    otelProperties = java.util.Collections.unmodifiableMap(new TreeMap<>(otelProperties));
  }

  public static TelemetrySettings defaults() {
    return new TelemetrySettings(true, false, Map.of());
  }
}

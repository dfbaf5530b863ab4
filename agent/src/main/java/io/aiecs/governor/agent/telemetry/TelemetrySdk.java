package io.aiecs.governor.agent.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;

/**
 * Builds the governor's own OpenTelemetry SDK with the SDK's autoconfiguration, so every standard
 * {@code otel.*} / {@code OTEL_*} setting works as documented by OpenTelemetry. The classes are relocated:
 * this SDK is neither the host's nor an OpenTelemetry agent's, and it is never made the global one.
 */
final class TelemetrySdk {
  /** service.name when neither otel.service.name nor otel.resource.attributes names one. */
  static final String DEFAULT_SERVICE_NAME = "aiecs-governor";
  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

  private TelemetrySdk() {}

  static OpenTelemetrySdk build(OtelProperties properties) {
    return AutoConfiguredOpenTelemetrySdk.builder()
        .addPropertiesCustomizer(config -> properties.overrides())
        .addResourceCustomizer((resource, config) -> {
          String name = resource.getAttribute(SERVICE_NAME);
          return name == null || name.startsWith("unknown_service")
              ? resource.merge(Resource.create(io.opentelemetry.api.common.Attributes.of(SERVICE_NAME,
                  DEFAULT_SERVICE_NAME)))
              : resource;
        })
        .setServiceClassLoader(TelemetrySdk.class.getClassLoader())
        .disableShutdownHook() // Telemetry's own hook waits for a start still under way, then flushes
        .build()
        .getOpenTelemetrySdk();
  }
}

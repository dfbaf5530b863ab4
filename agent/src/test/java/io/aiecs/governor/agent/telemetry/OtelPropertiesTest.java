package io.aiecs.governor.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiecs.governor.agent.config.TelemetrySettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtelPropertiesTest {
  private static OtelProperties props(TelemetrySettings s, Map<String, String> sys, Map<String, String> env) {
    return new OtelProperties(s, sys, env);
  }

  @Test
  void governorSettingsBeatSystemPropertiesWhichBeatTheEnvironment() {
    var s = new TelemetrySettings(true, false, Map.of("otel.metrics.exporter", "prometheus"));
    var p = props(s, Map.of("otel.metrics.exporter", "logging", "otel.metric.export.interval", "1000"),
        Map.of("OTEL_METRICS_EXPORTER", "otlp", "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"));

    assertThat(p.effective("otel.metrics.exporter", "otlp")).isEqualTo("prometheus");
    assertThat(p.effective("otel.metric.export.interval", "60000")).isEqualTo("1000");
    assertThat(p.effective("otel.exporter.otlp.protocol", "http/protobuf")).isEqualTo("grpc");
    assertThat(p.effective("otel.service.name", "x")).isEqualTo("x");
  }

  @Test
  void logsAreNeverExportedAndSpansOnlyWhenTracesAreEnabled() {
    var off = props(TelemetrySettings.defaults(), Map.of("otel.traces.exporter", "otlp"), Map.of());
    assertThat(off.overrides()).containsEntry("otel.logs.exporter", "none").containsEntry("otel.traces.exporter", "none");

    var on = props(new TelemetrySettings(true, true, Map.of()), Map.of("otel.traces.exporter", "logging"), Map.of());
    assertThat(on.overrides()).doesNotContainKey("otel.traces.exporter");
    assertThat(on.effective("otel.traces.exporter", "otlp")).isEqualTo("logging");
  }

  @Test
  void metricsOnlyExportsAreNotRetriedUnlessTheUserSaysSo() {
    String retryOff = "otel.java.exporter.otlp.retry.disabled";
    assertThat(props(TelemetrySettings.defaults(), Map.of(), Map.of()).overrides()).containsEntry(retryOff, "true");
    assertThat(props(TelemetrySettings.defaults(), Map.of(retryOff, "false"), Map.of()).effective(retryOff, "x"))
        .as("the user's system property").isEqualTo("false");
    assertThat(props(TelemetrySettings.defaults(), Map.of(), Map.of("OTEL_JAVA_EXPORTER_OTLP_RETRY_DISABLED", "false"))
        .effective(retryOff, "x")).as("the user's environment").isEqualTo("false");
    assertThat(props(new TelemetrySettings(true, true, Map.of()), Map.of(), Map.of()).overrides())
        .as("spans keep the SDK's retries").doesNotContainKey(retryOff);
  }

  @Test
  void otlpGoesOverHttpProtobufUnlessTheUserNamesAProtocol() {
    String protocol = "otel.exporter.otlp.protocol";
    assertThat(props(TelemetrySettings.defaults(), Map.of(), Map.of()).overrides())
        .as("OpenTelemetry's default, not the SDK autoconfiguration's grpc").containsEntry(protocol, "http/protobuf");
    assertThat(props(TelemetrySettings.defaults(), Map.of(protocol, "grpc"), Map.of()).effective(protocol, "x"))
        .as("the user's system property").isEqualTo("grpc");
    assertThat(props(TelemetrySettings.defaults(), Map.of(), Map.of("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"))
        .effective(protocol, "x")).as("the user's environment").isEqualTo("grpc");
    assertThat(props(new TelemetrySettings(true, false, Map.of(protocol, "grpc")), Map.of(), Map.of())
        .effective(protocol, "x")).as("aiecs.governor.otel.*").isEqualTo("grpc");
  }

  @Test
  void nothingIsStartedWhenNothingIsExported() {
    assertThat(props(TelemetrySettings.defaults(), Map.of(), Map.of()).anythingToExport()).as("otlp default").isTrue();
    assertThat(props(TelemetrySettings.defaults(), Map.of("otel.metrics.exporter", "none"), Map.of())
        .anythingToExport()).isFalse();
    assertThat(props(TelemetrySettings.defaults(), Map.of(), Map.of("OTEL_METRICS_EXPORTER", "none"))
        .anythingToExport()).isFalse();
    assertThat(props(new TelemetrySettings(true, true, Map.of()), Map.of("otel.metrics.exporter", "none"), Map.of())
        .anythingToExport()).as("spans still go out").isTrue();
    assertThat(props(TelemetrySettings.defaults(), Map.of("otel.sdk.disabled", "true"), Map.of())
        .anythingToExport()).isFalse();
  }
}

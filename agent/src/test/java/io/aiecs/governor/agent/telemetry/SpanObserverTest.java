package io.aiecs.governor.agent.telemetry;

import static io.aiecs.governor.agent.telemetry.FakeCalls.limits;
import static io.aiecs.governor.agent.telemetry.FakeCalls.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aiecs.governor.ResourceLimitExceededException;
import io.aiecs.governor.agent.config.TelemetrySettings;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpanObserverTest {
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
      .setMeterProvider(SdkMeterProvider.builder().build())
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
      .build();

  private FakeCalls calls(boolean traces, long perMinute) {
    FakeCalls[] self = new FakeCalls[1];
    return self[0] = new FakeCalls(limits(-1, perMinute, true, true, Duration.ofSeconds(60)),
        (limiters, process) -> Telemetry.observer(otel, new TelemetrySettings(true, traces, Map.of()), limiters, process,
            new io.aiecs.governor.agent.limits.FakeTimeSource()));
  }

  @Test
  void aCallBecomesAClientSpanWithItsGenAiAttributesUsageAndDecision() {
    FakeCalls c = calls(true, -1);
    c.call(250, response(40, 20, 0, 0));

    List<SpanData> finished = spans.getFinishedSpanItems();
    assertThat(finished).hasSize(1);
    SpanData span = finished.get(0);
    assertThat(span.getName()).isEqualTo("chat gpt-4o-mini");
    assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(span.getEndEpochNanos() - span.getStartEpochNanos()).isEqualTo(250_000_000L);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo("gpt-4o-mini");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("server.address"))).isEqualTo("llm.example");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("aiecs.agent.id"))).isEqualTo("bot");
    assertThat(span.getAttributes().get(SpanObserver.INPUT_TOKENS)).isEqualTo(40);
    assertThat(span.getAttributes().get(SpanObserver.OUTPUT_TOKENS)).isEqualTo(20);
    EventData event = span.getEvents().get(0);
    assertThat(event.getName()).isEqualTo(SpanObserver.ADMISSION_EVENT);
    assertThat(event.getAttributes().get(TelemetryNames.OUTCOME)).isEqualTo("admitted");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
  }

  @Test
  void aRefusedCallBecomesASpanInErrorNamingTheLimit() {
    FakeCalls c = calls(true, 100);
    c.call(10, response(100, 50, 0, 0));
    assertThatThrownBy(() -> c.call(10, response(1, 1, 0, 0))).isInstanceOf(ResourceLimitExceededException.class);

    SpanData refused = spans.getFinishedSpanItems().get(1);
    assertThat(refused.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(refused.getAttributes().get(TelemetryNames.ERROR_TYPE))
        .isEqualTo(ResourceLimitExceededException.class.getName());
    assertThat(refused.getEvents().get(0).getAttributes().get(TelemetryNames.OUTCOME)).isEqualTo("rejected");
    assertThat(refused.getEvents().get(0).getAttributes().get(TelemetryNames.LIMIT))
        .isEqualTo("max-tokens-per-minute");
  }

  @Test
  void noSpansUnlessTracesAreEnabled() {
    calls(false, -1).call(10, response(1, 1, 0, 0));
    assertThat(spans.getFinishedSpanItems()).isEmpty();
  }
}

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
    return calls(traces, perMinute, true);
  }

  private FakeCalls calls(boolean traces, long perMinute, boolean reject) {
    FakeCalls[] self = new FakeCalls[1];
    return self[0] = new FakeCalls(limits(-1, perMinute, true, reject, Duration.ofSeconds(60)),
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
  void aCallInsideTheApplicationsOwnSpanBecomesAnEventOnThatSpanNotASpanOfItsOwn() throws Exception {
    ClassLoader host = FakeHostApi.loader(true);
    Object hostSpan = makeCurrent(host);
    FakeCalls c = calls(true, 600, false);
    Object client = host.loadClass("host.Client").getConstructor().newInstance();
    c.governor.exit(c.governor.enter(c.site, client, c.request), response(650, 0, 0, 0), null); // 50 in debt
    c.governor.exit(c.governor.enter(c.site, client, c.request), response(1, 1, 0, 0), null); // waits 5.1 s

    assertThat(events(hostSpan)).containsExactly(
        "aiecs.governor.admission {aiecs.agent.id=bot, aiecs.governor.outcome=admitted,"
            + " aiecs.governor.wait.seconds=0.0}",
        "aiecs.governor.admission {aiecs.agent.id=bot, aiecs.governor.limit=max-tokens-per-minute,"
            + " aiecs.governor.outcome=waited, aiecs.governor.wait.seconds=5.1}");
    assertThat(spans.getFinishedSpanItems()).as("no span of the governor's own").isEmpty();
  }

  @Test
  void aRefusalFindsTheApplicationsSpanThroughTheContextClassLoader() throws Exception {
    ClassLoader host = FakeHostApi.loader(true);
    Object hostSpan = makeCurrent(host);
    FakeCalls c = calls(true, 100);
    c.call(10, response(100, 50, 0, 0)); // the test's client: no application span through its class loader
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    Thread.currentThread().setContextClassLoader(host);
    try {
      assertThatThrownBy(() -> c.call(10, response(1, 1, 0, 0)))
          .isInstanceOf(ResourceLimitExceededException.class);
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }

    assertThat(events(hostSpan)).containsExactly("aiecs.governor.admission {aiecs.agent.id=bot,"
        + " aiecs.governor.limit=max-tokens-per-minute, aiecs.governor.outcome=rejected,"
        + " aiecs.governor.wait.seconds=0.0}");
    assertThat(spans.getFinishedSpanItems()).as("the first call, outside the application's span, has its own")
        .hasSize(1);
  }

  @Test
  void aSpanThatDoesNotRecordOrNoApplicationApiLeavesTheGovernorsOwnSpan() throws Exception {
    ClassLoader host = FakeHostApi.loader(true);
    Object hostSpan = makeCurrent(host);
    hostSpan.getClass().getField("recording").set(hostSpan, false);
    FakeCalls c = calls(true, -1);
    c.governor.exit(c.governor.enter(c.site, host.loadClass("host.Client").getConstructor().newInstance(),
        c.request), response(1, 1, 0, 0), null);
    Object withoutApi = FakeHostApi.loader(false).loadClass("host.Client").getConstructor().newInstance();
    c.governor.exit(c.governor.enter(c.site, withoutApi, c.request), response(1, 1, 0, 0), null);

    assertThat(events(hostSpan)).isEmpty();
    assertThat(spans.getFinishedSpanItems()).hasSize(2);
  }

  /** A recording span of the application's, made current on this thread through its own API. */
  @SuppressWarnings("unchecked")
  private static Object makeCurrent(ClassLoader host) throws Exception {
    Object span = host.loadClass("host.RecordingSpan").getConstructor().newInstance();
    ((ThreadLocal<Object>) host.loadClass(HostSpans.SPAN).getField("CURRENT").get(null)).set(span);
    return span;
  }

  @SuppressWarnings("unchecked")
  private static List<String> events(Object hostSpan) throws Exception {
    return (List<String>) hostSpan.getClass().getField("events").get(hostSpan);
  }

  @Test
  void noSpansUnlessTracesAreEnabled() {
    calls(false, -1).call(10, response(1, 1, 0, 0));
    assertThat(spans.getFinishedSpanItems()).isEmpty();
  }
}

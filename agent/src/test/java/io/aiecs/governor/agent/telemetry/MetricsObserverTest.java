package io.aiecs.governor.agent.telemetry;

import static io.aiecs.governor.agent.telemetry.FakeCalls.limits;
import static io.aiecs.governor.agent.telemetry.FakeCalls.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aiecs.governor.ResourceLimitExceededException;
import io.aiecs.governor.agent.config.AgentLimits;
import io.aiecs.governor.agent.config.TelemetrySettings;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MetricsObserverTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  private final InMemoryMetricReader reader = InMemoryMetricReader.create();
  private final SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build();

  private FakeCalls calls(AgentLimits limits, boolean genAi) {
    return new FakeCalls(limits, limiters -> Telemetry.observer(
        io.opentelemetry.sdk.OpenTelemetrySdk.builder().setMeterProvider(provider).build(),
        new TelemetrySettings(genAi, false, Map.of()), limiters, null));
  }

  private FakeCalls calls(AgentLimits limits) {
    return calls(limits, true);
  }

  private static final Attributes GEN_AI = Attributes.builder()
      .put("gen_ai.operation.name", "chat")
      .put("gen_ai.provider.name", "openai")
      .put("gen_ai.request.model", "gpt-4o-mini")
      .put("gen_ai.response.model", "gpt-4o-mini-2024-07-18")
      .put("server.address", "llm.example")
      .put("server.port", 8443L)
      .put("aiecs.agent.id", "bot")
      .build();

  @Test
  void tokenUsageIsTheGenAiHistogramWithTheOpenTelemetryAgentsBucketsAndAttributes() {
    FakeCalls c = calls(limits(-1, -1, true, false, WAIT));
    c.call(250, response(40, 20, 0, 0));
    c.call(250, response(60, 10, 0, 0));

    MetricData usage = metric(TelemetryNames.TOKEN_USAGE);
    assertThat(usage.getUnit()).isEqualTo("{token}");
    HistogramPointData input = point(usage, GEN_AI.toBuilder().put("gen_ai.token.type", "input").build());
    HistogramPointData output = point(usage, GEN_AI.toBuilder().put("gen_ai.token.type", "output").build());
    assertThat(input.getSum()).isEqualTo(100);
    assertThat(input.getCount()).isEqualTo(2);
    assertThat(output.getSum()).isEqualTo(30);
    assertThat(input.getBoundaries()).containsExactlyElementsOf(
        TelemetryNames.TOKEN_BUCKETS.stream().map(Long::doubleValue).toList());
    assertThat(usage.getHistogramData().getPoints()).hasSize(2);
  }

  @Test
  void tokensEstimatedForAStreamWithoutUsageSaySo() {
    FakeCalls c = calls(limits(-1, -1, true, false, WAIT));
    c.streamWithoutUsage("twelve chars");

    HistogramPointData output = point(metric(TelemetryNames.TOKEN_USAGE), GEN_AI.toBuilder()
        .remove(AttributeKey.stringKey("gen_ai.response.model"))
        .put("gen_ai.token.type", "output").put("aiecs.usage.estimated", true).build());
    assertThat(output.getSum()).isEqualTo(3);
  }

  @Test
  void operationDurationIsTheTimeOnTheWireInSeconds() {
    FakeCalls c = calls(limits(-1, -1, true, false, WAIT));
    c.call(250, response(40, 20, 0, 0));

    MetricData duration = metric(TelemetryNames.OPERATION_DURATION);
    assertThat(duration.getUnit()).isEqualTo("s");
    HistogramPointData p = point(duration, GEN_AI);
    assertThat(p.getSum()).isEqualTo(0.25);
    assertThat(p.getBoundaries()).containsExactlyElementsOf(TelemetryNames.DURATION_BUCKETS);
  }

  @Test
  void aFailedCallRecordsItsErrorTypeAndNoTokens() {
    FakeCalls c = calls(limits(-1, -1, true, false, WAIT));
    c.failingCall(100, new java.io.UncheckedIOException(new java.io.IOException("connection reset")));

    HistogramPointData p = point(metric(TelemetryNames.OPERATION_DURATION), Attributes.builder()
        .putAll(GEN_AI.toBuilder().remove(AttributeKey.stringKey("gen_ai.response.model")).build())
        .put("error.type", "java.io.UncheckedIOException").build());
    assertThat(p.getSum()).isEqualTo(0.1);
    assertThat(find(TelemetryNames.TOKEN_USAGE)).isEmpty();
  }

  @Test
  void attributesAreLeftOutWhenTheirPathFindsNothing() {
    FakeCalls c = calls(limits(-1, -1, true, false, WAIT));
    Object token = c.governor.enter(c.site, new Object(), "a request without a model");
    c.governor.exit(token, new FakeCalls.Response(null, Optional.empty()), null);

    HistogramPointData p = point(metric(TelemetryNames.OPERATION_DURATION), Attributes.builder()
        .put("gen_ai.operation.name", "chat").put("gen_ai.provider.name", "openai").put("aiecs.agent.id", "bot")
        .build());
    assertThat(p.getCount()).isEqualTo(1);
    assertThat(find(TelemetryNames.TOKEN_USAGE)).as("no usage reported, nothing recorded").isEmpty();
  }

  @Test
  void governorTokensCountEveryTypeIncludingCachedAndReasoning() {
    FakeCalls c = calls(limits(-1, -1, true, false, WAIT));
    c.call(10, response(100, 50, 30, 20));
    c.call(10, response(10, 5, 0, 0));

    MetricData tokens = metric(TelemetryNames.TOKENS);
    assertThat(tokens.getUnit()).isEqualTo("{token}");
    Attributes base = Attributes.builder().put("aiecs.agent.id", "bot").put("gen_ai.provider.name", "openai")
        .put("gen_ai.request.model", "gpt-4o-mini").build();
    assertThat(sum(tokens, with(base, "gen_ai.token.type", "input"))).isEqualTo(110);
    assertThat(sum(tokens, with(base, "gen_ai.token.type", "output"))).isEqualTo(55);
    assertThat(sum(tokens, with(base, "gen_ai.token.type", "cached"))).isEqualTo(30);
    assertThat(sum(tokens, with(base, "gen_ai.token.type", "reasoning"))).isEqualTo(20);
  }

  @Test
  void turningGenAiMetricsOffLeavesTheGovernorsOwn() {
    FakeCalls c = calls(limits(-1, -1, true, false, WAIT), false);
    c.call(10, response(100, 50, 0, 0));

    assertThat(find(TelemetryNames.TOKEN_USAGE)).isEmpty();
    assertThat(find(TelemetryNames.OPERATION_DURATION)).isEmpty();
    assertThat(find(TelemetryNames.TOKENS)).isPresent();
    assertThat(find(TelemetryNames.ADMISSIONS)).isPresent();
  }

  @Test
  void admissionsCountEachOutcomeWithTheLimitThatDecided() {
    FakeCalls reject = calls(limits(-1, 100, true, true, WAIT));
    reject.call(10, response(100, 50, 0, 0)); // admitted, then 50 tokens in debt
    assertThatThrownBy(() -> reject.call(10, response(1, 1, 0, 0)))
        .isInstanceOf(ResourceLimitExceededException.class);

    MetricData admissions = metric(TelemetryNames.ADMISSIONS);
    assertThat(admissions.getUnit()).isEqualTo("{call}");
    assertThat(sum(admissions, decision("admitted", null))).isEqualTo(1);
    assertThat(sum(admissions, decision("rejected", "max-tokens-per-minute"))).isEqualTo(1);
  }

  @Test
  void waitModeCountsWaitedCallsAndTimeouts() {
    // 600 per minute = 10 per second; after 650 tokens the next call waits 5.1 s for the refill
    FakeCalls c = calls(limits(-1, 600, true, false, Duration.ofSeconds(10)));
    c.call(10, response(600, 50, 0, 0));
    c.call(10, response(1000, 0, 0, 0)); // waited 5.1 s; now 1000 in debt: 100 s of refill, more than 10 s
    assertThatThrownBy(() -> c.call(10, response(1, 1, 0, 0))).isInstanceOf(ResourceLimitExceededException.class);

    MetricData admissions = metric(TelemetryNames.ADMISSIONS);
    assertThat(sum(admissions, decision("admitted", null))).isEqualTo(1);
    assertThat(sum(admissions, decision("waited", null))).isEqualTo(1);
    assertThat(sum(admissions, decision("timed_out", "max-tokens-per-minute"))).isEqualTo(1);

    MetricData waits = metric(TelemetryNames.WAIT_DURATION);
    assertThat(waits.getUnit()).isEqualTo("s");
    HistogramPointData throttled = point(waits, Attributes.builder().put("aiecs.agent.id", "bot")
        .put("aiecs.governor.outcome", "waited").build());
    assertThat(throttled.getSum()).isCloseTo(5.1, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(throttled.getBoundaries()).containsExactlyElementsOf(TelemetryNames.WAIT_BUCKETS);
  }

  @Test
  void monitorModeCountsWhatWouldHaveBeenRejected() {
    FakeCalls c = calls(limits(-1, 100, false, true, WAIT));
    c.call(10, response(100, 50, 0, 0));
    c.call(10, response(1, 1, 0, 0));

    MetricData wouldReject = metric(TelemetryNames.WOULD_REJECT);
    assertThat(sum(wouldReject, Attributes.builder().put("aiecs.agent.id", "bot").build())).isEqualTo(1);
    assertThat(sum(metric(TelemetryNames.ADMISSIONS), decision("admitted", null))).isEqualTo(2);
  }

  @Test
  void gaugesReadTheLimitersAtCollection() {
    FakeCalls c = calls(new AgentLimits(3, 1000, 50_000, 1000, true, false, WAIT));
    c.call(10, response(100, 50, 0, 0));
    Object running = c.governor.enter(c.site, c.client, c.request);

    Attributes agent = Attributes.of(TelemetryNames.AGENT_ID, "bot");
    assertThat(gauge(TelemetryNames.TASKS_ACTIVE, agent)).isEqualTo(1);
    assertThat(gauge(TelemetryNames.TASKS_WAITING, agent)).isEqualTo(0);
    assertThat(gauge(TelemetryNames.TASKS_LIMIT, agent)).isEqualTo(3);
    assertThat(gauge(TelemetryNames.TOKENS_REMAINING, with(agent, "aiecs.governor.window", "minute"))).isEqualTo(850);
    assertThat(gauge(TelemetryNames.TOKENS_REMAINING, with(agent, "aiecs.governor.window", "hour")))
        .isEqualTo(49_850);
    assertThat(gauge(TelemetryNames.TOKENS_LIMIT, with(agent, "aiecs.governor.window", "minute"))).isEqualTo(1000);
    assertThat(gauge(TelemetryNames.TOKENS_LIMIT, with(agent, "aiecs.governor.window", "hour"))).isEqualTo(50_000);
    c.governor.exit(running, null, null);
  }

  @Test
  void unlimitedAgentsReportNoLimitOrRemainingGauges() {
    FakeCalls c = calls(limits(-1, -1, true, false, WAIT));
    c.call(10, response(1, 1, 0, 0));
    assertThat(find(TelemetryNames.TASKS_LIMIT)).isEmpty();
    assertThat(find(TelemetryNames.TOKENS_REMAINING)).isEmpty();
    assertThat(find(TelemetryNames.TASKS_ACTIVE)).isPresent();
  }

  @Test
  void noAttributeCarriesTheRequestsContent() {
    FakeCalls c = calls(limits(-1, -1, true, false, WAIT));
    c.call(10, response(1, 1, 0, 0));
    for (MetricData m : reader.collectAllMetrics()) {
      m.getData().getPoints().forEach(p -> p.getAttributes().forEach((k, v) ->
          assertThat(k.getKey()).isIn(List.of("gen_ai.operation.name", "gen_ai.provider.name",
              "gen_ai.request.model", "gen_ai.response.model", "gen_ai.token.type", "server.address",
              "server.port", "error.type", "aiecs.agent.id", "aiecs.governor.outcome", "aiecs.governor.limit",
              "aiecs.governor.window"))));
    }
  }

  @Test
  void toolExecutionsCountByToolAndOutcomeAndTheirBudgetIsAGauge() {
    FakeCalls c = calls(new AgentLimits(-1, -1, -1, -1, true, true, WAIT, 2, -1, -1, null, AgentLimits.NO_THROTTLING,
        io.aiecs.governor.agent.config.RejectAs.GOVERNOR));
    c.governor.enterTool("com.example.Tools", "search");
    c.governor.enterTool("com.example.Tools", "search");
    assertThatThrownBy(() -> c.governor.enterTool("com.example.Tools", "search"))
        .isInstanceOf(ResourceLimitExceededException.class);

    MetricData tools = metric(TelemetryNames.TOOL_CALLS);
    Attributes search = Attributes.builder().put("aiecs.agent.id", "bot")
        .put("gen_ai.tool.name", "com.example.Tools#search").build();
    assertThat(sum(tools, with(search, "aiecs.governor.outcome", "admitted"))).isEqualTo(2);
    assertThat(sum(tools, with(search, "aiecs.governor.outcome", "rejected"))).isEqualTo(1);
    assertThat(gauge(TelemetryNames.TOOL_CALLS_REMAINING, Attributes.builder().put("aiecs.agent.id", "bot")
        .put("aiecs.governor.window", "minute").build())).isLessThanOrEqualTo(0);
  }

  @Test
  void memoryGaugesReportOnlyForAgentsWithAMemoryLimit() {
    FakeCalls c = calls(new AgentLimits(-1, -1, -1, -1, true, true, WAIT, -1, -1, 4096, null,
        AgentLimits.NO_THROTTLING, io.aiecs.governor.agent.config.RejectAs.GOVERNOR));
    c.call(10, response(1, 1, 0, 0));
    Attributes agent = Attributes.of(TelemetryNames.AGENT_ID, "bot");
    assertThat(gauge(TelemetryNames.MEMORY_LIMIT, agent)).isEqualTo(4096L * 1024 * 1024);
    assertThat(metric(TelemetryNames.MEMORY_LIMIT).getUnit()).isEqualTo("By");
  }

  private static Attributes decision(String outcome, String limit) {
    var b = Attributes.builder().put("aiecs.agent.id", "bot").put("aiecs.governor.outcome", outcome);
    if (limit != null) {
      b.put("aiecs.governor.limit", limit);
    }
    return b.build();
  }

  private static Attributes with(Attributes base, String key, String value) {
    return base.toBuilder().put(key, value).build();
  }

  private Collection<MetricData> collected;

  private Optional<MetricData> find(String name) {
    if (collected == null) {
      collected = reader.collectAllMetrics();
    }
    return collected.stream().filter(m -> m.getName().equals(name)).findFirst();
  }

  private MetricData metric(String name) {
    return find(name).orElseThrow(() -> new AssertionError("no metric " + name + " in " + collected));
  }

  private static HistogramPointData point(MetricData m, Attributes attributes) {
    return m.getHistogramData().getPoints().stream().filter(p -> p.getAttributes().equals(attributes)).findFirst()
        .orElseThrow(() -> new AssertionError("no point " + attributes + " in " + m.getHistogramData().getPoints()));
  }

  private static long sum(MetricData m, Attributes attributes) {
    return m.getLongSumData().getPoints().stream().filter(p -> p.getAttributes().equals(attributes))
        .mapToLong(LongPointData::getValue).findFirst()
        .orElseThrow(() -> new AssertionError("no point " + attributes + " in " + m.getLongSumData().getPoints()));
  }

  private long gauge(String name, Attributes attributes) {
    MetricData m = metric(name);
    Collection<LongPointData> points = switch (m.getType()) {
      case LONG_GAUGE -> m.getLongGaugeData().getPoints();
      case LONG_SUM -> m.getLongSumData().getPoints();
      default -> throw new AssertionError(m.getType());
    };
    return points.stream().filter(p -> p.getAttributes().equals(attributes)).mapToLong(LongPointData::getValue)
        .findFirst().orElseThrow(() -> new AssertionError("no point " + attributes + " in " + points));
  }
}

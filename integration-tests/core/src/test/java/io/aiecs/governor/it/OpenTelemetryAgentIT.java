package io.aiecs.governor.it;

import static io.aiecs.governor.it.HostProcess.host;
import static org.assertj.core.api.Assertions.assertThat;

import io.aiecs.governor.it.hosts.OpenAiHost;
import io.aiecs.governor.it.otel.OtlpHttpReceiver;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The governor beside the OpenTelemetry Java agent, each order on the command line: both start, the host works
 * and is governed, both export (to one OTLP receiver, told apart by instrumentation scope), and
 * {@code aiecs.governor.genai-metrics.enabled=false} leaves the GenAI metrics to the OpenTelemetry agent; with
 * traces on, the governor's decisions become events on the OpenTelemetry agent's spans of the calls.
 */
class OpenTelemetryAgentIT extends ServerObservedTest {
  private static final Path OTEL_AGENT = Path.of(System.getProperty("otel.javaagent.jar",
      "target/otel/opentelemetry-javaagent.jar")).toAbsolutePath();
  private static final String OURS = "io.aiecs.governor";
  private static final String OPENAI_SCOPE = "io.opentelemetry.openai-java-1.1";
  private static final Duration EXPORT = Duration.ofSeconds(30);

  private HostProcess.Builder host(OtlpHttpReceiver receiver) {
    assertThat(OTEL_AGENT).as("copied by the dependency plugin").exists();
    return HostProcess.host(OpenAiHost.class)
        .args("baseUrl=" + server.baseUrl(), "threads=1", "calls=3")
        .jvm("-Dotel.exporter.otlp.endpoint=" + receiver.endpoint())
        .jvm("-Dotel.exporter.otlp.protocol=http/protobuf")
        .jvm("-Dotel.metric.export.interval=500")
        .jvm("-Dotel.traces.exporter=none")
        .jvm("-Dotel.logs.exporter=none")
        .jvm("-Dotel.service.name=coexisting-host")
        .governor("max-tokens-per-minute", 100_000);
  }

  @Test
  void openTelemetryAgentFirstThenTheGovernorBothExport() throws Exception {
    try (OtlpHttpReceiver receiver = new OtlpHttpReceiver()) {
      HostProcess h = host(receiver).jvmBeforeAgent("-javaagent:" + OTEL_AGENT).run();

      assertThat(h.count("OK")).isEqualTo(3);
      assertThat(h.statusLong("default", "admitted")).as("governed").isEqualTo(3);
      receiver.await("gen_ai.client.token.usage", EXPORT);
      // Left alone, both record the GenAI metrics: the OpenTelemetry agent instruments this openai-java too.
      assertThat(receiver.scopesOf("gen_ai.client.token.usage")).containsExactly(OURS, OPENAI_SCOPE);
      assertThat(receiver.scopes()).as("the OpenTelemetry agent exports too")
          .anyMatch(s -> s.startsWith("io.opentelemetry."));
      assertThat(receiver.requests().get(0).getResourceMetrics(0).getResource().getAttributesList())
          .anyMatch(kv -> kv.getKey().equals("service.name")
              && kv.getValue().getStringValue().equals("coexisting-host"));
    }
  }

  @Test
  void governorFirstWithGenAiMetricsLeftToTheOpenTelemetryAgent() throws Exception {
    try (OtlpHttpReceiver receiver = new OtlpHttpReceiver()) {
      HostProcess h = host(receiver).jvm("-javaagent:" + OTEL_AGENT)
          .governor("genai-metrics.enabled", false)
          .run();

      assertThat(h.count("OK")).isEqualTo(3);
      assertThat(h.statusLong("default", "admitted")).isEqualTo(3);
      receiver.await("aiecs.governor.tokens", EXPORT);
      assertThat(receiver.scopes()).anyMatch(s -> s.startsWith("io.opentelemetry."));
      assertThat(receiver.scopesOf("gen_ai.client.token.usage")).doesNotContain(OURS);
      assertThat(receiver.scopesOf("gen_ai.client.operation.duration")).doesNotContain(OURS);
      assertThat(receiver.scopesOf("gen_ai.client.token.usage")).as("at most one source of GenAI metrics")
          .hasSizeLessThanOrEqualTo(1);
    }
  }

  @Test
  void withTracesTheDecisionIsAnEventOnTheOpenTelemetryAgentsOwnSpanOfTheCall() throws Exception {
    try (OtlpHttpReceiver receiver = new OtlpHttpReceiver()) {
      HostProcess h = host(receiver).jvmBeforeAgent("-javaagent:" + OTEL_AGENT)
          .jvm("-Dotel.traces.exporter=otlp") // both agents: the later setting wins over host()'s none
          .governor("traces.enabled", true)
          .run();

      assertThat(h.count("OK")).isEqualTo(3);
      var span = receiver.awaitSpan(s -> s.scope().equals(OPENAI_SCOPE)
          && s.span().getEventsList().stream().anyMatch(e -> e.getName().equals("aiecs.governor.admission")), EXPORT);
      var event = span.span().getEventsList().stream().filter(e -> e.getName().equals("aiecs.governor.admission"))
          .findFirst().orElseThrow();
      assertThat(event.getAttributesList()).anyMatch(kv -> kv.getKey().equals("aiecs.agent.id")
          && kv.getValue().getStringValue().equals("default"));
      assertThat(event.getAttributesList()).anyMatch(kv -> kv.getKey().equals("aiecs.governor.outcome")
          && kv.getValue().getStringValue().equals("admitted"));
      // every call ran inside the OpenTelemetry agent's span: the governor made none of its own
      assertThat(receiver.spans()).filteredOn(s -> s.scope().equals(OURS)).isEmpty();
    }
  }

  @Test
  void orTheOpenTelemetryAgentsOpenAiInstrumentationIsSwitchedOff() throws Exception {
    try (OtlpHttpReceiver receiver = new OtlpHttpReceiver()) {
      HostProcess h = host(receiver).jvmBeforeAgent("-javaagent:" + OTEL_AGENT)
          .jvmBeforeAgent("-Dotel.instrumentation.openai-java.enabled=false")
          .run();

      assertThat(h.count("OK")).isEqualTo(3);
      receiver.await("gen_ai.client.token.usage", EXPORT);
      assertThat(receiver.scopes()).anyMatch(s -> s.startsWith("io.opentelemetry."));
      assertThat(receiver.scopesOf("gen_ai.client.token.usage")).containsExactly(OURS);
    }
  }
}

package io.aiecs.governor.it;

import static io.aiecs.governor.it.HostProcess.host;
import static io.aiecs.governor.it.otel.Otlp.attributes;
import static io.aiecs.governor.it.otel.Otlp.histogram;
import static io.aiecs.governor.it.otel.Otlp.number;
import static org.assertj.core.api.Assertions.assertThat;

import io.aiecs.governor.it.hosts.OpenAiHost;
import io.aiecs.governor.it.otel.OtlpGrpcReceiver;
import io.aiecs.governor.it.otel.OtlpHttpReceiver;
import io.aiecs.governor.it.otel.OtlpReceiver;
import io.aiecs.governor.it.otel.OtlpReceiver.Received;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import java.time.Duration;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A host under the agent exports its metrics over OTLP to a receiver that decodes the real protobuf payloads,
 * as a collector would; what arrives is checked against what the fake server sent (the independent witness).
 */
class OtlpExportIT extends ServerObservedTest {
  private static final Duration EXPORT = Duration.ofSeconds(20);

  /** {@code unset}: no protocol named, so the default must be http/protobuf (the README's promise). */
  @ParameterizedTest
  @ValueSource(strings = {"http/protobuf", "grpc", "unset"})
  void genAiAndGovernorMetricsArriveWithTheValuesTheServerSent(String protocol) throws Exception {
    try (OtlpReceiver receiver = protocol.equals("grpc") ? new OtlpGrpcReceiver() : new OtlpHttpReceiver()) {
      HostProcess.Builder b = host(OpenAiHost.class);
      if (!protocol.equals("unset")) {
        b.jvm("-Dotel.exporter.otlp.protocol=" + protocol);
      }
      HostProcess h = b
          .args("baseUrl=" + server.baseUrl(), "threads=1", "calls=3")
          .jvm("-Dotel.exporter.otlp.endpoint=" + receiver.endpoint())
          .jvm("-Dotel.metric.export.interval=300")
          .governor("max-tokens-per-minute", 100_000)
          .run(); // its exit flushes the last values
      assertThat(h.count("OK")).isEqualTo(3);
      assertThat(server.totalPromptTokensSent()).isEqualTo(120);

      Map<String, Object> genAi = Map.of("gen_ai.operation.name", "chat", "gen_ai.provider.name", "openai",
          "gen_ai.request.model", "gpt-4o-mini", "server.address", "127.0.0.1",
          "server.port", (long) server.port(), "aiecs.agent.id", "default");

      Received usage = receiver.await("gen_ai.client.token.usage", EXPORT);
      assertThat(usage.metric().getUnit()).isEqualTo("{token}");
      assertThat(usage.scope().getScope().getName()).isEqualTo("io.aiecs.governor");
      assertThat(attributes(usage.resource().getResource().getAttributesList()))
          .containsEntry("service.name", "aiecs-governor");
      assertThat(usage.metric().getHistogram().getAggregationTemporality())
          .isEqualTo(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
      HistogramDataPoint input = histogram(usage.metric(), with(genAi, "gen_ai.token.type", "input"));
      HistogramDataPoint output = histogram(usage.metric(), with(genAi, "gen_ai.token.type", "output"));
      assertThat(input.getCount()).isEqualTo(3);
      assertThat((long) input.getSum()).isEqualTo(server.totalPromptTokensSent());
      assertThat((long) output.getSum()).isEqualTo(server.totalCompletionTokensSent());
      assertThat(input.getExplicitBoundsList()).containsExactly(1.0, 4.0, 16.0, 64.0, 256.0, 1024.0, 4096.0,
          16384.0, 65536.0, 262144.0, 1048576.0, 4194304.0, 16777216.0, 67108864.0);
      assertThat(attributes(input.getAttributesList())).containsKey("gen_ai.response.model")
          .doesNotContainKey("error.type");

      Received duration = receiver.await("gen_ai.client.operation.duration", EXPORT);
      assertThat(duration.metric().getUnit()).isEqualTo("s");
      HistogramDataPoint d = histogram(duration.metric(), genAi);
      assertThat(d.getCount()).isEqualTo(3);
      assertThat(d.getSum()).isPositive();
      assertThat(d.getExplicitBoundsList()).containsExactly(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56,
          5.12, 10.24, 20.48, 40.96, 81.92);

      Received admissions = receiver.await("aiecs.governor.admissions", EXPORT);
      assertThat(admissions.metric().getSum().getIsMonotonic()).isTrue();
      assertThat(number(admissions.metric(), Map.of("aiecs.agent.id", "default",
          "aiecs.governor.outcome", "admitted")).getAsInt()).isEqualTo(3);

      Received tokens = receiver.await("aiecs.governor.tokens", EXPORT);
      assertThat(number(tokens.metric(), Map.of("gen_ai.token.type", "input")).getAsInt())
          .isEqualTo(server.totalPromptTokensSent());
      assertThat(number(tokens.metric(), Map.of("gen_ai.token.type", "output")).getAsInt())
          .isEqualTo(server.totalCompletionTokensSent());

      Received remaining = receiver.await("aiecs.governor.tokens.remaining", EXPORT);
      assertThat(number(remaining.metric(), Map.of("aiecs.governor.window", "minute")).getAsInt())
          .isBetween(100_000L - server.totalTokensSent(), 100_000L);
      assertThat(receiver.last("aiecs.governor.tasks.active")).isPresent();
      assertThat(h.stderr()).noneMatch(l -> l.contains("WARN") && l.contains("telemetry"));
    }
  }

  private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
    var m = new java.util.HashMap<>(base);
    m.put(key, value);
    return m;
  }

}

package io.aiecs.governor.it;

import static io.aiecs.governor.it.HostProcess.host;
import static org.assertj.core.api.Assertions.assertThat;

import io.aiecs.governor.it.hosts.OpenAiHost;
import org.junit.jupiter.api.Test;

/**
 * With nothing to export the governor starts no telemetry at all: no SDK, no exporter thread, no socket
 * (issue 6's guard on what the agent costs a host that does not want metrics).
 */
class TelemetryOffIT extends ServerObservedTest {
  TelemetryOffIT() {
    super(10, 20); // FakeOpenAiServer's own default usage
  }

  private HostProcess.Builder openAiHost() {
    return host(OpenAiHost.class).args("baseUrl=" + server.baseUrl(), "threads=1", "calls=2",
        "threads-and-sockets=true");
  }

  @Test
  void exporterNoneStartsNoThreadAndNoSocket() throws Exception {
    HostProcess h = openAiHost().jvm("-Dotel.metrics.exporter=none").run();

    assertThat(h.count("OK")).isEqualTo(2);
    assertThat(h.stdout()).contains("GOVERNOR active=true");
    assertThat(h.stdout()).filteredOn(l -> l.startsWith("THREAD "))
        .noneMatch(l -> l.contains("PeriodicMetricReader") || l.contains("aiecs-governor-telemetry")
            || l.toLowerCase().contains("prometheus"));
    assertThat(h.stdout()).noneMatch(l -> l.startsWith("LISTEN "));
  }

  @Test
  void theCheckSeesTheExporterWhenThereIsOne() throws Exception {
    HostProcess otlp = openAiHost().jvm("-Dotel.exporter.otlp.endpoint=http://127.0.0.1:9")
        .jvm("-Dotel.metric.export.interval=60000").run();
    assertThat(otlp.stdout()).anyMatch(l -> l.startsWith("THREAD PeriodicMetricReader"));

    HostProcess prometheus = openAiHost().jvm("-Dotel.metrics.exporter=prometheus")
        .jvm("-Dotel.exporter.prometheus.port=0").run();
    assertThat(prometheus.stdout()).anyMatch(l -> l.startsWith("LISTEN "));
  }
}

package io.aiecs.governor.it;

import static io.aiecs.governor.it.HostProcess.host;
import static org.assertj.core.api.Assertions.assertThat;

import io.aiecs.governor.demo.server.FakeOpenAiServer;
import io.aiecs.governor.it.hosts.OpenAiHost;
import io.aiecs.governor.it.hosts.ToolHost;
import io.aiecs.governor.it.otel.PrometheusServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code otel.metrics.exporter=prometheus}: a real Prometheus server scrapes the host, and its HTTP API
 * answers with the governor's series and the values the fake server sent.
 */
class PrometheusIT {
  private static final Duration SCRAPED = Duration.ofSeconds(60);

  @Test
  void prometheusScrapesTheGovernorsSeries() throws Exception {
    int exporterPort = PrometheusServer.freePort();
    try (FakeOpenAiServer server = FakeOpenAiServer.builder().promptTokens(40).completionTokens(20).build().start();
         PrometheusServer prometheus = PrometheusServer.scraping("127.0.0.1:" + exporterPort);
         HostProcess h = host(OpenAiHost.class)
             .args("baseUrl=" + server.baseUrl(), "threads=2", "calls=3", "prefix=caller,research-worker",
                 "linger=120000", "tool=true", "gc=true")
             .jvm("-Dotel.metrics.exporter=prometheus")
             .jvm("-Dotel.exporter.prometheus.host=127.0.0.1")
             .jvm("-Dotel.exporter.prometheus.port=" + exporterPort)
             .governor("max-tokens-per-minute", 100_000)
             .governor("max-concurrent-tasks", 4)
             // a second agent in monitor mode whose budget the first call spends: would-be refusals
             .governor("agent.research.match.thread", "research-worker-.*")
             .governor("agent.research.enforce-limits", false)
             .governor("agent.research.max-tokens-per-minute", 50)
             // the application's tool, a memory limit (and a collection to measure against it), and a
             // process-wide scope: every series the dashboard charts
             .governor("tool-methods", ToolHost.Tools.class.getName() + "#search")
             .governor("max-tool-calls-per-minute", 1000)
             .governor("max-memory-mb", 4096)
             .governor("global.max-tokens-per-minute", 1_000_000)
             .governor("global.max-concurrent-tasks", 8)
             .start()) {
      h.awaitLine(l -> l.startsWith("STATUS research"), Duration.ofSeconds(60));
      long defaultInput = h.statusLong("default", "input");
      long defaultOutput = h.statusLong("default", "output");
      assertThat(defaultInput + h.statusLong("research", "input")).isEqualTo(server.totalPromptTokensSent());

      assertThat(prometheus.awaitValue("aiecs_governor_tokens_total{gen_ai_token_type=\"input\","
          + "aiecs_agent_id=\"default\"}", SCRAPED)).isEqualTo(defaultInput);
      assertThat(prometheus.awaitValue("gen_ai_client_token_usage_sum{gen_ai_token_type=\"output\","
          + "gen_ai_request_model=\"gpt-4o-mini\",server_address=\"127.0.0.1\",aiecs_agent_id=\"default\"}",
          SCRAPED)).isEqualTo(defaultOutput);
      assertThat(prometheus.awaitValue("sum(gen_ai_client_operation_duration_seconds_count)", SCRAPED))
          .isEqualTo(server.requestCount());
      assertThat(prometheus.awaitValue("aiecs_governor_admissions_total{aiecs_governor_outcome=\"admitted\","
          + "aiecs_agent_id=\"research\"}", SCRAPED)).isEqualTo(3);
      assertThat(prometheus.awaitValue("aiecs_governor_monitor_would_reject_total{aiecs_agent_id=\"research\"}",
          SCRAPED)).isEqualTo(h.statusLong("research", "wouldReject"));
      assertThat(prometheus.awaitValue("aiecs_governor_tokens_limit{aiecs_governor_window=\"minute\","
          + "aiecs_agent_id=\"default\"}", SCRAPED)).isEqualTo(100_000);
      assertThat(prometheus.awaitValue("aiecs_governor_tasks_active{aiecs_agent_id=\"research\"}", SCRAPED))
          .isZero();
      assertThat(prometheus.awaitValue("aiecs_governor_tasks_limit{aiecs_agent_id=\"default\"}", SCRAPED))
          .isEqualTo(4);
      assertThat(prometheus.awaitValue("target_info{service_name=\"aiecs-governor\"}", SCRAPED)).isEqualTo(1);
      assertThat(prometheus.awaitValue("aiecs_governor_tool_calls_total{aiecs_governor_outcome=\"admitted\","
          + "aiecs_agent_id=\"default\",gen_ai_tool_name=\"" + ToolHost.Tools.class.getName() + "#search\"}",
          SCRAPED)).isEqualTo(3);
      assertThat(prometheus.awaitValue("aiecs_governor_memory_limit_bytes{aiecs_agent_id=\"default\"}", SCRAPED))
          .isEqualTo(4096L * 1024 * 1024);
      assertThat(prometheus.awaitValue("aiecs_governor_memory_used_bytes{aiecs_agent_id=\"default\"}", SCRAPED))
          .isPositive();
      assertThat(prometheus.awaitValue("aiecs_governor_tokens_limit{aiecs_governor_scope=\"global\","
          + "aiecs_governor_window=\"minute\"}", SCRAPED)).isEqualTo(1_000_000);
      assertThat(prometheus.awaitValue("aiecs_governor_tokens_remaining{aiecs_governor_scope=\"global\","
          + "aiecs_governor_window=\"minute\"}", SCRAPED)).isBetween(1_000_000.0 - server.totalTokensSent(), 1e6);

      // The dashboard queries nothing that this scrape lacks.
      List<String> scraped = prometheus.metricNames();
      assertThat(Dashboard.metricNames()).isNotEmpty().allSatisfy(name ->
          assertThat(scraped).as("series the dashboard queries").contains(name));
    }
  }
}

package io.aiecs.governor.it.otelhost;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiecs.governor.it.HostProcess;
import io.aiecs.governor.it.ServerObservedTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code aiecs.governor.traces.enabled=true} in a host that traces with its own OpenTelemetry API and SDK
 * (another version than the one the governor bundles): a call made inside the host's current span puts the
 * governor's decision on that span as an {@code aiecs.governor.admission} event, seen by the host's own SDK,
 * and gets no span of the governor's; a call outside any span still gets the governor's own span.
 */
class HostSpanEventIT extends ServerObservedTest {

  @Test
  void decisionsInsideTheHostsSpanAreEventsOnItAndTheGovernorMakesNoSpanOfItsOwnForThem() throws Exception {
    HostProcess h = HostProcess.host(TracingHost.class)
        .args("baseUrl=" + server.baseUrl(), "calls=3")
        .governor("traces.enabled", true)
        .governor("otel.metrics.exporter", "none")
        .governor("otel.traces.exporter", "logging")
        // 100 a minute, 60 a call: two calls, then the third is refused
        .governor("agent.bot.max-tokens-per-minute", 100)
        .governor("agent.bot.reject-on-limit", true)
        .governor("default-agent", "bot")
        .governor("agent.outside.match.thread", "outside")
        .run();

    assertThat(h.count("OK")).isEqualTo(3);
    assertThat(h.count("REJECTED")).isEqualTo(1);
    assertThat(server.requestCount()).isEqualTo(3);
    // a refusal's wait is the time its decision took: some milliseconds, not a fixed value
    List<String> events = h.stdout().stream().filter(l -> l.startsWith("EVENT "))
        .map(l -> l.replaceAll("wait\\.seconds=[0-9.E-]+", "wait.seconds=<s>")).toList();
    assertThat(events).containsExactly(
        "EVENT handle-request aiecs.governor.admission {aiecs.agent.id=bot, aiecs.governor.outcome=admitted,"
            + " aiecs.governor.wait.seconds=<s>}",
        "EVENT handle-request aiecs.governor.admission {aiecs.agent.id=bot, aiecs.governor.outcome=admitted,"
            + " aiecs.governor.wait.seconds=<s>}",
        "EVENT handle-request aiecs.governor.admission {aiecs.agent.id=bot,"
            + " aiecs.governor.limit=max-tokens-per-minute, aiecs.governor.outcome=rejected,"
            + " aiecs.governor.wait.seconds=<s>}");
    assertThat(h.stdout()).as("admitted at once").filteredOn(l -> l.contains("outcome=admitted"))
        .allMatch(l -> l.contains("wait.seconds=0.0}"));
    // The governor's own spans go to its logging exporter: one, for the call made outside the host's span.
    String log = String.join("\n", h.stderr()) + "\n" + String.join("\n", h.stdout());
    assertThat(log.split("'chat gpt-4o-mini'", -1)).as("governor spans logged:\n%s", log).hasSize(2);
  }
}

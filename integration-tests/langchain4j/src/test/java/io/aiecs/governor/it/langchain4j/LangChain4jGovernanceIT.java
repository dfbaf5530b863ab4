package io.aiecs.governor.it.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiecs.governor.demo.server.FakeOpenAiServer;
import io.aiecs.governor.it.HostProcess;
import io.aiecs.governor.it.ServerObservedTest;
import io.aiecs.governor.it.langchain4j.hosts.LangChain4jHost;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * LangChain4j's OpenAI module under the agent jar, against {@link FakeOpenAiServer}, which observes what reached
 * the wire. Runs with the release the module's pom names ({@code it.langchain4j.version}); langchain4j-legacy
 * runs the same class with an older one.
 */
class LangChain4jGovernanceIT extends ServerObservedTest {
  private static final Duration LINE = Duration.ofSeconds(60);

  LangChain4jGovernanceIT() {
    super(13, 29);
  }

  private HostProcess.Builder host(String mode, Object... more) {
    return HostProcess.host(LangChain4jHost.class)
        .jvm("-Dotel.metrics.exporter=none") // telemetry is tested in core; no exporter retries at exit here
        .args("mode=" + mode, "baseUrl=" + server.baseUrl()).args(more);
  }

  private void assertChargedWhatTheServerSentAndReleased(HostProcess h, long admitted) {
    h.assertChargedOnceAndReleased("default", admitted, served());
  }

  @Test
  void syncCallsAreBoundedByTheConcurrencyLimitAndChargedTheServersUsage() throws Exception {
    server.latency(Duration.ofMillis(300));
    HostProcess h = host("sync", "threads=4", "calls=1").governor("max-concurrent-tasks", 2).run();

    assertThat(h.count("OK")).isEqualTo(4);
    assertThat(server.requestCount()).isEqualTo(4);
    assertThat(server.maxConcurrentInFlight()).as("server-observed concurrency").isEqualTo(2);
    assertThat(server.totalTokensSent()).isEqualTo(4 * 42);
    assertChargedWhatTheServerSentAndReleased(h, 4);
  }

  @Test
  void aCallLangChain4jRetriesIsAdmittedOnceAndChargedOnce() throws Exception {
    server.failNextWith429(1, 0);
    HostProcess h = host("sync", "retries=2").run();

    assertThat(h.count("OK")).isEqualTo(1);
    assertThat(server.requestCount()).as("a 429, then the retry").isEqualTo(2);
    assertThat(server.rateLimitedCount()).isEqualTo(1);
    assertChargedWhatTheServerSentAndReleased(h, 1);
    assertThat(server.totalTokensSent()).isEqualTo(42);
  }

  @Test
  void aStreamHoldsItsPermitUntilItsHandlerHearsTheEndAndIsChargedItsStreamedUsage() throws Exception {
    server.latency(Duration.ofMillis(200));
    HostProcess h = host("stream", "threads=3", "calls=1").governor("max-concurrent-tasks", 1).run();

    assertThat(h.count("OK")).isEqualTo(3);
    assertThat(h.calls()).allSatisfy(c -> assertThat(c[3]).as("usage the handler got").isEqualTo("42"));
    assertThat(server.maxConcurrentInFlight()).as("one stream at a time on the wire").isEqualTo(1);
    assertChargedWhatTheServerSentAndReleased(h, 3);
  }

  @Test
  void aStreamCancelledFromItsHandlerGivesItsPermitBack() throws Exception {
    HostProcess h = host("stream-cancel", "threads=1", "calls=2")
        .governor("max-concurrent-tasks", 1).governor("reject-on-limit", true).run();

    assertThat(h.count("CANCELLED")).as("the second is admitted (reject mode): the first was released")
        .isEqualTo(2);
    assertThat(h.stdout()).contains("AVAILABLE true");
    assertThat(h.status("default").get("admitted")).isEqualTo("2");
    assertThat(h.status("default").get("active")).isEqualTo("0");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sync", "stream"})
  void aCallBeyondTheLimitIsRefusedWithoutReachingTheServer(String mode) throws Exception {
    server.holdRequests();
    try (HostProcess h = host(mode, "threads=2", "calls=1")
        .governor("max-concurrent-tasks", 1).governor("reject-on-limit", true).start()) {
      assertThat(server.awaitHeld(1, LINE)).isTrue();
      String refused = h.awaitLine(l -> l.startsWith("CALL ") && l.contains(" REJECTED "), LINE);
      assertThat(refused).contains("REJECTED CONCURRENT_TASKS");
      server.releaseHeld();
      h.finish();
      assertThat(h.count("OK")).isEqualTo(1);
      assertThat(server.requestCount()).as("the refused call never reached the server").isEqualTo(1);
      assertChargedWhatTheServerSentAndReleased(h, 1);
    }
  }

  @Test
  void withRejectAsClientTheRefusalIsLangChain4jsOwnRateLimitException() throws Exception {
    server.holdRequests();
    try (HostProcess h = host("sync", "threads=2", "calls=1", "retries=3")
        .governor("max-concurrent-tasks", 1).governor("reject-on-limit", true).governor("reject-as", "client")
        .start()) {
      assertThat(server.awaitHeld(1, LINE)).isTrue();
      String refused = h.awaitLine(l -> l.startsWith("CALL ") && l.contains(" ERROR "), LINE);
      assertThat(refused).contains("ERROR dev.langchain4j.exception.RateLimitException ")
          .contains("exceeded max-concurrent-tasks");
      server.releaseHeld();
      h.finish();
      assertThat(server.requestCount()).as("not retried by LangChain4j: thrown outside its retry loop")
          .isEqualTo(1);
    }
  }

  @Test
  void aiServiceToolsAreGatedForTheRunningAgentAndARefusalIsReportedToTheModel() throws Exception {
    HostProcess h = host("tools", "toolCalls=3")
        .governor("agent.research.match.thread", "worker-.*")
        .governor("agent.research.max-tool-calls-per-minute", 2)
        .governor("agent.research.reject-on-limit", true)
        .run();

    assertThat(h.stdout()).as("the third execution was refused before the tool ran").contains("TOOLS executed=2");
    String answer = h.stdout().stream().filter(l -> l.startsWith("ANSWER ")).findFirst().orElseThrow();
    assertThat(answer).as("what the model was told, through LangChain4j's tool error handler")
        .contains("sunny #1 | sunny #2 | ").contains("exceeded max-tool-calls-per-minute");
    Map<String, String> research = h.status("research");
    assertThat(research.get("toolCalls")).isEqualTo("2");
    h.assertChargedOnceAndReleased("research", 4, served()); // four model turns, each one call
    assertThat(h.status("default").get("toolCalls")).isEqualTo("0");
  }
}

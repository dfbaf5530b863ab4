package io.aiecs.governor.it.bedrock;

import static io.aiecs.governor.it.HostProcess.host;
import static io.aiecs.governor.it.bedrock.FakeBedrockServer.CACHE_READ;
import static io.aiecs.governor.it.bedrock.FakeBedrockServer.CONVERSE_TOTAL;
import static io.aiecs.governor.it.bedrock.FakeBedrockServer.INPUT;
import static io.aiecs.governor.it.bedrock.FakeBedrockServer.INVOKE_INPUT;
import static io.aiecs.governor.it.bedrock.FakeBedrockServer.INVOKE_OUTPUT;
import static io.aiecs.governor.it.bedrock.FakeBedrockServer.METRICS_INPUT;
import static io.aiecs.governor.it.bedrock.FakeBedrockServer.METRICS_OUTPUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.aiecs.governor.it.HostProcess;
import io.aiecs.governor.it.server.ServedUsage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real AWS Bedrock Runtime client (version {@code aws-sdk.tested.version}) in a forked JVM under the built
 * agent jar, against {@link FakeBedrockServer}: what the server saw and reported is checked against what the
 * governor claims.
 */
class BedrockGovernanceIT {
  private FakeBedrockServer server;

  @BeforeEach
  void start() {
    server = new FakeBedrockServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** How long the host's first call took ({@code TIME <api> <millis>}). */
  private static long firstCallMillis(HostProcess h) {
    return h.stdout().stream().filter(l -> l.startsWith("TIME ")).mapToLong(l -> Long.parseLong(l.split(" ")[2]))
        .findFirst().orElseThrow();
  }

  private HostProcess.Builder bedrockHost(Object... args) {
    return host(BedrockHost.class).args("baseUrl=" + server.baseUrl()).args(args)
        .jvm("-Dotel.metrics.exporter=none"); // no collector here: nothing to export at exit
  }

  @Test
  void converseIsChargedTheReportedUsageAndNeverExceedsTheConcurrencyLimit() throws Exception {
    server.latency(Duration.ofMillis(250));
    HostProcess h = bedrockHost("api=converse", "threads=4", "calls=1").governor("max-concurrent-tasks", 2).run();

    assertThat(h.count("OK")).isEqualTo(4);
    assertThat(server.paths()).allMatch(p -> p.equals("/model/amazon.nova-fake/converse"));
    assertThat(server.maxConcurrentInFlight()).as("the server never saw more than 2 at once").isEqualTo(2);
    assertThat(server.totalTokensSent()).isEqualTo(4L * CONVERSE_TOTAL);
    assertThat(server.inputTokensSent()).isEqualTo(4L * INPUT);
    h.assertChargedOnceAndReleased("default", 4, server.served());
  }

  @Test
  void withoutTheAgentTheSameHostIsUnaffected() throws Exception {
    server.latency(Duration.ofMillis(250));
    HostProcess h = bedrockHost("api=converse", "threads=4", "calls=1").withoutAgent().run();

    assertThat(h.count("OK")).isEqualTo(4);
    // more than the governed test's limit of 2: all 4 at once when every thread starts in time, fewer on a
    // loaded machine (a thread still loading the client misses the others), which proves the same
    assertThat(server.maxConcurrentInFlight()).as("proves the concurrency check can see a violation").isGreaterThan(2);
  }

  @Test
  void asyncConverseHoldsItsPermitUntilTheFutureCompletes() throws Exception {
    server.latency(Duration.ofMillis(150));
    HostProcess h = bedrockHost("api=async-converse", "threads=3", "calls=2").governor("max-concurrent-tasks", 1).run();

    assertThat(h.count("OK")).isEqualTo(6);
    assertThat(server.maxConcurrentInFlight()).isEqualTo(1);
    assertThat(server.totalTokensSent()).isEqualTo(6L * CONVERSE_TOTAL);
    h.assertChargedOnceAndReleased("default", 6, server.served());
  }

  @Test
  void invokeModelIsChargedFromTheAnthropicBody() throws Exception {
    HostProcess h = bedrockHost("api=invoke", "threads=1", "calls=2").run();
    HostProcess async = bedrockHost("api=async-invoke", "threads=1", "calls=1").run();

    assertThat(h.count("OK")).isEqualTo(2);
    assertThat(async.count("OK")).isEqualTo(1);
    assertThat(server.paths()).allMatch(p -> p.equals("/model/anthropic.claude-fake-v1:0/invoke")
        || p.equals("/model/anthropic.claude-fake-v1%3A0/invoke"));
    assertThat(h.statusLong("default", "input")).as("input_tokens plus the cache read")
        .isEqualTo(2L * (INVOKE_INPUT + CACHE_READ));
    assertThat(h.statusLong("default", "output")).isEqualTo(2L * INVOKE_OUTPUT);
    assertThat(h.statusLong("default", "total") + async.statusLong("default", "total"))
        .isEqualTo(server.totalTokensSent()).isEqualTo(3L * (INVOKE_INPUT + CACHE_READ + INVOKE_OUTPUT));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"invoke", "async-invoke"})
  void invokeModelPrefersBedrocksTokenCountHeaders(String api) throws Exception {
    server.tokenCountHeaders();
    HostProcess h = bedrockHost("api=" + api, "threads=1", "calls=1").run();

    assertThat(h.count("OK")).isEqualTo(1);
    assertThat(server.served()).isEqualTo(new ServedUsage(111, 22, 133));
    h.assertChargedOnceAndReleased("default", 1, server.served());
  }

  @Test
  void rejectModeRefusesOnceTheBudgetIsSpent() throws Exception {
    HostProcess h = bedrockHost("api=converse", "threads=1", "calls=3")
        .governor("max-tokens-per-minute", 100)
        .governor("reject-on-limit", true)
        .run();

    List<String[]> calls = h.calls();
    assertThat(calls).extracting(c -> c[2]).containsExactly("OK", "OK", "REJECTED");
    assertThat(calls.get(2)[3]).isEqualTo("TOKENS_PER_MINUTE");
    assertThat(server.requestCount()).as("a refused call never reaches the server").isEqualTo(2);
  }

  @Test
  void rejectAsClientThrowsTheSdksThrottlingExceptionWith429() throws Exception {
    HostProcess h = bedrockHost("api=async-converse", "threads=1", "calls=3")
        .governor("max-tokens-per-minute", 100)
        .governor("reject-on-limit", true)
        .governor("reject-as", "client")
        .run();

    List<String[]> calls = h.calls();
    assertThat(calls).extracting(c -> c[2]).containsExactly("OK", "OK", "ERROR");
    assertThat(calls.get(2)[3]).isEqualTo("software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException");
    assertThat(String.join(" ", calls.get(2))).contains("Status Code: 429").contains("max-tokens-per-minute");
    assertThat(server.requestCount()).as("thrown above the SDK's retries: never sent").isEqualTo(2);
  }

  @Test
  void converseStreamHoldsItsPermitUntilTheStreamEndsAndIsChargedTheMetadataUsage() throws Exception {
    server.latency(Duration.ofMillis(150));
    HostProcess h = bedrockHost("api=stream", "threads=3", "calls=2").governor("max-concurrent-tasks", 1).run();

    assertThat(h.count("OK")).as(String.join("\n", h.stdout())).isEqualTo(6);
    assertThat(server.paths()).allMatch(p -> p.equals("/model/amazon.nova-fake/converse-stream"));
    assertThat(server.maxConcurrentInFlight()).isEqualTo(1);
    assertThat(server.totalTokensSent()).isEqualTo(6L * CONVERSE_TOTAL);
    h.assertChargedOnceAndReleased("default", 6, server.served());
  }

  @Test
  void aCancelledStreamSubscriptionReleasesThePermit() throws Exception {
    HostProcess h = bedrockHost("api=stream-cancel", "threads=1", "calls=2")
        .governor("max-concurrent-tasks", 1)
        .governor("resource-wait-timeout-seconds", 10)
        .run();

    assertThat(h.count("OK")).as("the second stream was admitted: the first one's permit came back").isEqualTo(2);
    assertThat(h.statusLong("default", "active")).isZero();
    assertThat(h.statusLong("default", "admitted")).isEqualTo(2);
  }

  @Test
  void invokeModelWithResponseStreamHoldsItsPermitUntilTheStreamEndsAndIsChargedTheInvocationMetrics()
      throws Exception {
    server.latency(Duration.ofMillis(150));
    HostProcess h = bedrockHost("api=invoke-stream", "threads=3", "calls=2").governor("max-concurrent-tasks", 1).run();

    assertThat(h.count("OK")).as(String.join("\n", h.stdout())).isEqualTo(6);
    assertThat(server.paths()).allMatch(p -> p.endsWith("/invoke-with-response-stream"));
    assertThat(server.maxConcurrentInFlight()).as("one stream at a time, each held to its end").isEqualTo(1);
    assertThat(server.served()).as("Bedrock's figures, not Claude's smaller ones in the chunks")
        .isEqualTo(new ServedUsage(6L * METRICS_INPUT, 6L * METRICS_OUTPUT, 6L * (METRICS_INPUT + METRICS_OUTPUT)));
    h.assertChargedOnceAndReleased("default", 6, server.served());
  }

  @Test
  void invokeModelWithResponseStreamWithoutInvocationMetricsIsChargedTheModelsOwnStreamedUsage() throws Exception {
    HostProcess h = bedrockHost("api=invoke-stream-no-metrics", "threads=1", "calls=2").run();

    assertThat(h.count("OK")).as(String.join("\n", h.stdout())).isEqualTo(2);
    assertThat(server.served()).as("message_start's input_tokens plus the cache read; message_delta's output_tokens")
        .isEqualTo(new ServedUsage(2L * (INVOKE_INPUT + CACHE_READ), 2L * INVOKE_OUTPUT,
            2L * (INVOKE_INPUT + CACHE_READ + INVOKE_OUTPUT)));
    h.assertChargedOnceAndReleased("default", 2, server.served());
  }

  @Test
  void invokeModelWithResponseStreamGivesItsPermitBackAfterAnErrorAndACancelledSubscription() throws Exception {
    HostProcess h = bedrockHost("api=invoke-stream-fail,invoke-stream-cancel,invoke-stream", "threads=1", "calls=3")
        .governor("max-concurrent-tasks", 1)
        .governor("resource-wait-timeout-seconds", 10)
        .run();

    List<String[]> calls = h.calls();
    assertThat(calls).as(String.join("\n", h.stdout())).extracting(c -> c[2]).containsExactly("ERROR", "OK", "OK");
    assertThat(calls.get(0)[3]).isEqualTo("software.amazon.awssdk.services.bedrockruntime.model.ModelStreamErrorException");
    assertThat(h.statusLong("default", "admitted")).as("each next stream was admitted: the permit came back")
        .isEqualTo(3);
    assertThat(h.statusLong("default", "waited")).isZero();
    assertThat(h.statusLong("default", "active")).isZero();
  }

  /**
   * The SDK's own timeout (the task's time left) ends the exchange on the wire: sync (Apache aborts it), async
   * (Netty closes the channel when the SDK completes its request future at the timeout) and both event streams
   * (the same for a response already streaming: the server streams on, its events reach the handler, until the
   * deadline). The application's future (and an event stream's handler) get the governor's exception and the permit
   * is back. The host stays alive with its clients open, so the hang-up the server sees is the SDK's, not the JVM's
   * exit; a warm-up call on a thread without a deadline opens the connection first, so that the timed request is on
   * the wire well before its 1 s deadline (a cold Netty client on a loaded machine can take about that long to send
   * its first request, and a request not yet sent has nothing to hang up on).
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"converse, /converse", "async-converse, /converse", "stream-slow, /converse-stream",
      "invoke-stream-slow, /invoke-with-response-stream"})
  void theTaskDeadlineReachesTheWireThroughTheSdksOwnRequestTimeout(String api, String path) throws Exception {
    server.holdConverse(Duration.ofSeconds(20));
    try (HostProcess h = bedrockHost("api=" + api, "threads=1", "calls=1", "warmup=true", "hold=true")
        .governor("task-timeout-seconds", 1)
        .governor("agent.warm.match.thread", "warmup") // no deadline for the warm-up call
        .start()) {
      h.awaitLine(l -> l.equals("HOLDING"), Duration.ofSeconds(60));

      assertThat(h.calls()).as(String.join("\n", h.stdout())).singleElement().satisfies(c -> {
        assertThat(c[2]).isEqualTo("ERROR");
        assertThat(c[3]).as("the future the application joins").isEqualTo("io.aiecs.governor.TaskTimeoutException");
      });
      long millis = h.stdout().stream().filter(l -> l.startsWith("TIME " + api + " "))
          .mapToLong(l -> Long.parseLong(l.split(" ")[2])).findFirst().orElseThrow();
      assertThat(millis).as("the caller got its answer at the 1 s deadline, not after the server's 20 s")
          .isBetween(900L, 5_000L);
      long waitUntil = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (server.closedWhileHeld() == 0 && System.nanoTime() < waitUntil) {
        Thread.onSpinWait();
      }
      assertThat(server.closedWhileHeld()).as("the server saw the client hang up on the held response or stream,"
          + " the host still running").isEqualTo(1);
      assertThat(server.paths().stream().filter(p -> p.endsWith(path)))
          .as("a timed-out call is not retried").hasSize(1);
      assertThat(h.statusLong("default", "active")).isZero();
    }
  }

  @Test
  void anApplicationsShorterClientTimeoutIsKept() throws Exception {
    server.holdConverse(Duration.ofSeconds(20));
    HostProcess h = bedrockHost("api=converse", "threads=1", "calls=1", "clientTimeoutMs=300")
        .governor("task-timeout-seconds", 2)
        .run();

    assertThat(h.calls()).as(String.join("\n", h.stdout())).singleElement().satisfies(c -> {
      assertThat(c[2]).isEqualTo("ERROR");
      assertThat(c[3]).isEqualTo("software.amazon.awssdk.core.exception.ApiCallTimeoutException");
    });
    long millis = firstCallMillis(h);
    assertThat(millis).as("the client's own 300 ms, not the task's 2 s").isBetween(250L, 1_500L);
    assertThat(h.statusLong("default", "active")).isZero();
  }

  @Test
  void theDeadlineJoinsTheApplicationsOwnRequestOverrideWhichKeepsItsSettings() throws Exception {
    server.holdConverse(Duration.ofSeconds(20));
    // 2 s: the client's first request (Netty's start) must reach the server well within the deadline
    HostProcess h = bedrockHost("api=async-converse", "threads=1", "calls=1", "requestTimeoutMs=10000")
        .governor("task-timeout-seconds", 2)
        .run();

    assertThat(h.calls()).as(String.join("\n", h.stdout())).singleElement()
        .satisfies(c -> assertThat(c[3]).isEqualTo("io.aiecs.governor.TaskTimeoutException"));
    long millis = firstCallMillis(h);
    assertThat(millis).as("the task's 2 s, shorter than the request's own 10 s").isBetween(1_900L, 6_000L);
    assertThat(server.appHeaders()).as("the application's request override kept its header").containsExactly("kept");
    assertThat(h.statusLong("default", "active")).isZero();
  }

}

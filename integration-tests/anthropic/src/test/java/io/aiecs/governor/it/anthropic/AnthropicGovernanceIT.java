package io.aiecs.governor.it.anthropic;

import static io.aiecs.governor.it.HostProcess.host;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aiecs.governor.it.HostProcess;
import io.aiecs.governor.it.server.ServedUsage;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real anthropic-java client (the version under test: {@code -Danthropic.version}) in a forked JVM under the
 * built agent jar. The embedded Messages API server is the witness: what reached it (how many, how many at once,
 * which usage it sent, which tool results came back) is checked against what the governor reports.
 */
class AnthropicGovernanceIT {
  private FakeAnthropicServer server;

  @BeforeEach
  void startServer() {
    server = new FakeAnthropicServer();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private HostProcess.Builder anthropicHost(Object... args) {
    return host(AnthropicHost.class).args("baseUrl=" + server.baseUrl()).args(args);
  }

  /** What the server reports for {@code answers} complete answers. */
  private static ServedUsage usage(long answers) {
    long in = answers * FakeAnthropicServer.INPUT_TOKENS;
    long out = answers * FakeAnthropicServer.OUTPUT_TOKENS;
    return new ServedUsage(in, out, in + out);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sync", "async", "beta-sync", "beta-async"})
  void callsAreChargedTheUsageTheServerSentAndNeverExceedTheConcurrencyLimit(String api) throws Exception {
    server.latency(200);
    HostProcess h = anthropicHost("api=" + api, "threads=3", "calls=2")
        .governor("max-concurrent-tasks", 1)
        .run();

    assertThat(h.count("OK")).isEqualTo(6);
    assertThat(server.maxConcurrentInFlight()).as("the server never saw two at once").isEqualTo(1);
    assertThat(server.served()).isEqualTo(usage(6));
    h.assertChargedOnceAndReleased("default", 6, server.served());
  }

  @ParameterizedTest
  @ValueSource(strings = {"stream", "stream-async", "beta-stream", "beta-stream-async"})
  void aStreamHoldsItsPermitUntilItEndsAndIsChargedItsStartAndFinalDeltaOnce(String api) throws Exception {
    server.latency(200); // between the running delta and the end of each stream
    HostProcess h = anthropicHost("api=" + api, "threads=3", "calls=1")
        .governor("max-concurrent-tasks", 1)
        .run();

    assertThat(h.count("OK")).as(String.join("\n", h.stdout())).isEqualTo(3);
    assertThat(h.calls()).allSatisfy(c -> assertThat(c[3]).as("what the app read").isEqualTo("60"));
    assertThat(server.maxConcurrentInFlight()).as("a stream is in flight until its last event").isEqualTo(1);
    assertThat(server.served()).isEqualTo(usage(3));
    // the input of message_start and of the final delta charged once, the cumulative output deltas not summed
    h.assertChargedOnceAndReleased("default", 3, server.served());
  }

  @Test
  void aStreamClosedEarlyIsReleasedAndChargedWhatArrived() throws Exception {
    server.latency(300);
    HostProcess h = anthropicHost("api=stream-close", "threads=1", "calls=2")
        .governor("max-concurrent-tasks", 1)
        .governor("reject-on-limit", true) // a permit still held would refuse the second call
        .run();

    assertThat(h.count("OK")).isEqualTo(2);
    assertThat(h.statusLong("default", "active")).isZero();
    assertThat(h.statusLong("default", "input")).as("message_start's input, per stream")
        .isEqualTo(2 * FakeAnthropicServer.INPUT_TOKENS);
  }

  @Test
  void aStreamDroppedUnclosedIsReleasedOnceUnreachable() throws Exception {
    HostProcess h = anthropicHost("api=stream-abandon", "threads=1", "calls=1")
        .governor("max-concurrent-tasks", 1)
        .run();

    assertThat(h.stdout()).anyMatch(l -> l.startsWith("RELEASED "));
    assertThat(h.statusLong("default", "active")).isZero();
  }

  @Test
  void rejectModeRefusesWithTheGovernorsExceptionOnceTheBudgetIsSpent() throws Exception {
    HostProcess h = anthropicHost("api=sync", "threads=1", "calls=4")
        .governor("max-tokens-per-minute", 100)
        .governor("reject-on-limit", true)
        .run();

    List<String[]> calls = h.calls();
    assertThat(calls).extracting(c -> c[2]).containsExactly("OK", "OK", "REJECTED", "REJECTED");
    assertThat(calls.get(2)[3]).isEqualTo("TOKENS_PER_MINUTE");
    assertThat(server.requestCount()).as("refused calls never reach the server").isEqualTo(2);
    assertThat(server.served()).isEqualTo(usage(2));
    h.assertChargedOnceAndReleased("default", 2, server.served());
  }

  @ParameterizedTest
  @ValueSource(strings = {"sync", "async", "stream-async"})
  void rejectAsClientIsHandledByTheSdksOwnRetryAndEndsInItsRateLimitException(String api) throws Exception {
    // one task at a time, the first call held 5 s by the server: the other is refused with retry-after 1 s, which
    // the SDK's own retry loop sleeps twice before it gives up (well before the first call ends); an async call's
    // exception arrives through its future
    server.latency(5_000);
    HostProcess h = anthropicHost("api=" + api, "threads=2", "calls=1", "retries=2")
        .governor("max-concurrent-tasks", 1)
        .governor("reject-on-limit", true)
        .governor("reject-as", "client")
        .run();

    List<String[]> calls = h.calls();
    assertThat(calls).as(api).extracting(c -> c[2]).containsExactlyInAnyOrder("OK", "ERROR");
    String[] error = calls.stream().filter(c -> c[2].equals("ERROR")).findFirst().orElseThrow();
    assertThat(error[3]).isEqualTo("com.anthropic.errors.RateLimitException");
    assertThat(String.join(" ", error)).contains("429").contains("rate_limit_error")
        .contains("max-concurrent-tasks");
    assertThat(h.stdout()).anyMatch(l -> l.matches("RETRY-AFTER \\[[1-9][0-9]*]"));
    // the SDK's own retry loop met the refusal at its transport: each of its three attempts was refused there,
    // none reached the wire (thrown above the loop, it would be one refusal)
    assertThat(server.requestCount()).isEqualTo(1);
    assertThat(h.statusLong("default", "rejected")).isEqualTo(3);
    assertThat(h.statusLong("default", "active")).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sync", "async", "stream-async"})
  void aRefusedCallSucceedsAfterTheSdksOwnRetryOnceTheBudgetRefills(String api) throws Exception {
    // 60 tokens a minute, one a second; each call costs 60: the second finds the bucket empty and is refused with a
    // retry-after of about a second, which the SDK sleeps before its retry is admitted
    HostProcess h = anthropicHost("api=" + api, "threads=1", "calls=2", "retries=2")
        .governor("max-tokens-per-minute", 60)
        .governor("reject-on-limit", true)
        .governor("reject-as", "client")
        .run();

    assertThat(server.served()).as(api).isEqualTo(usage(2));
    h.assertRefusedOnceThenRetried("default", 2, server.requestCount(), server.served());
  }

  @ParameterizedTest
  @ValueSource(strings = {"sync", "async"})
  void aRefusalLongerThanAMinuteIsNotSleptOnButTheSdksRateLimitExceptionAtOnce(String api) throws Exception {
    // 1 token a minute: the first call's 60 put the bucket an hour in debt; anthropic-java would sleep that long
    HostProcess h = anthropicHost("api=" + api, "threads=1", "calls=2", "retries=2")
        .governor("max-tokens-per-minute", 1)
        .governor("reject-on-limit", true)
        .governor("reject-as", "client")
        .run();

    List<String[]> calls = h.calls();
    assertThat(calls).as(api).extracting(c -> c[2]).containsExactly("OK", "ERROR");
    assertThat(calls.get(1)[3]).isEqualTo("com.anthropic.errors.RateLimitException");
    assertThat(h.statusLong("default", "rejected")).as("one attempt, not retried").isEqualTo(1);
    assertThat(server.requestCount()).isEqualTo(1);
    assertThat(h.statusLong("default", "active")).isZero();
  }

  @Test
  void aToolRunnersToolExecutionsAreGatedAndARefusalReachesTheModelAsAnErrorToolResult() throws Exception {
    HostProcess h = anthropicHost("api=tools", "threads=1", "calls=1")
        .governor("max-tool-calls-per-minute", 1)
        .governor("reject-on-limit", true)
        .run();

    assertThat(h.count("OK")).as(String.join("\n", h.stdout())).isEqualTo(1);
    assertThat(h.stdout()).filteredOn(l -> l.startsWith("TOOL ")).as("the refused tool never ran").hasSize(1);
    List<JsonNode> results = server.toolResults();
    assertThat(results).hasSize(2);
    assertThat(results.get(0).path("is_error").asBoolean(false)).isFalse();
    assertThat(results.get(0).path("content").toString()).contains("sunny");
    assertThat(results.get(1).path("is_error").asBoolean()).isTrue();
    assertThat(results.get(1).path("content").toString()).contains("Error: ").contains("tool");
    assertThat(h.statusLong("default", "toolCalls")).isEqualTo(1);
    assertThat(server.served()).isEqualTo(usage(2));
    h.assertChargedOnceAndReleased("default", 2, server.served()); // both model turns, charged once each
  }
}

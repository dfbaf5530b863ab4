package io.aiecs.governor.it;

import static io.aiecs.governor.it.HostProcess.host;
import static org.assertj.core.api.Assertions.assertThat;

import io.aiecs.governor.it.hosts.OpenAiHost;
import io.aiecs.governor.it.server.ServedUsage;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * openai-java's {@code createStreaming}, blocking and async, chat and Responses, under the agent: a stream holds
 * its permit until it ends (or is closed, or dropped), and is charged the usage its final event reported, which
 * the fake server, the witness, says it sent.
 */
class OpenAiStreamingIT extends ServerObservedTest {

  private HostProcess.Builder openAiHost(Object... args) {
    return host(OpenAiHost.class).args("baseUrl=" + server.baseUrl()).args(args);
  }

  @ParameterizedTest
  @ValueSource(strings = {"stream-chat", "stream-chat-async", "stream-responses", "stream-responses-async"})
  void aStreamIsChargedTheUsageOfItsFinalEventOnce(String api) throws Exception {
    HostProcess h = openAiHost("api=" + api, "threads=1", "calls=3").governor("max-concurrent-tasks", 1).run();

    assertThat(h.count("OK")).isEqualTo(3);
    assertThat(h.calls()).allSatisfy(c -> assertThat(c[3]).as("tokens the host read from the stream").isEqualTo("60"));
    assertThat(server.requestCount()).isEqualTo(3);
    assertThat(served()).isEqualTo(new ServedUsage(120, 60, 180));
    h.assertChargedOnceAndReleased("default", 3, served());
  }

  @ParameterizedTest
  @ValueSource(strings = {"stream-chat", "stream-chat-async"})
  void aStreamHoldsItsPermitUntilItEnds(String api) throws Exception {
    server.latency(Duration.ofMillis(200));
    HostProcess h = openAiHost("api=" + api, "threads=4", "calls=1").governor("max-concurrent-tasks", 1).run();

    assertThat(h.count("OK")).isEqualTo(4);
    assertThat(server.maxConcurrentInFlight()).as("streams never overlapped on the server").isEqualTo(1);
    assertThat(h.statusLong("default", "active")).isZero();
  }

  @Test
  void aStreamThatReportsNoUsageIsChargedAnEstimate() throws Exception {
    HostProcess h = openAiHost("api=stream-chat-nousage", "threads=1", "calls=2").run();

    assertThat(h.count("OK")).isEqualTo(2);
    long charged = h.statusLong("default", "total");
    assertThat(charged).as("estimated from the streamed text and the request, not zero").isPositive();
    assertThat(h.statusLong("default", "output")).as("the reply is a few words: a few tokens each")
        .isBetween(2L, 2L * 40);
  }

  @ParameterizedTest
  @ValueSource(strings = {"stream-chat-close-early", "stream-chat-abandon"})
  void aStreamClosedEarlyOrDroppedGivesItsPermitBack(String api) throws Exception {
    HostProcess h = openAiHost("api=" + api, "threads=1", "calls=2").governor("max-concurrent-tasks", 1)
        .governor("reject-on-limit", true).run();

    assertThat(h.count("OK")).as("the second stream was admitted: the first gave its permit back").isEqualTo(2);
    assertThat(h.statusLong("default", "active")).isZero();
    assertThat(h.statusLong("default", "rejected")).isZero();
  }

  @Test
  void aRejectedStreamNeverReachesTheServer() throws Exception {
    HostProcess h = openAiHost("api=stream-chat", "threads=1", "calls=3")
        .governor("max-tokens-per-minute", 100).governor("reject-on-limit", true).run();

    assertThat(h.calls()).extracting(c -> c[2]).containsExactly("OK", "OK", "REJECTED");
    assertThat(server.requestCount()).isEqualTo(2);
  }
}

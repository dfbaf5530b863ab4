package io.aiecs.governor.it.genai;

import static io.aiecs.governor.it.genai.FakeGeminiServer.FIRST_CHUNK_TOTAL;
import static io.aiecs.governor.it.genai.FakeGeminiServer.PROMPT;
import static io.aiecs.governor.it.genai.FakeGeminiServer.TOTAL;
import static org.assertj.core.api.Assertions.assertThat;

import io.aiecs.governor.it.HostProcess;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The real google-genai client (version {@code genai.tested.version}) in a forked JVM under the built agent jar,
 * against {@link FakeGeminiServer}: what the server saw and reported is checked against what the governor claims.
 */
class GenAiGovernanceIT extends GeminiServerTest {
  @Test
  void syncCallsAreChargedTheReportedUsageAndNeverExceedTheConcurrencyLimit() throws Exception {
    server.latency(Duration.ofMillis(250));
    HostProcess h = genAiHost("api=sync", "threads=4", "calls=1").governor("max-concurrent-tasks", 2).run();

    assertThat(h.count("OK")).isEqualTo(4);
    assertThat(server.requestCount()).isEqualTo(4);
    assertThat(server.paths()).allMatch(p -> p.endsWith("/models/gemini-fake:generateContent"));
    assertThat(server.maxConcurrentInFlight()).as("the server never saw more than 2 at once").isEqualTo(2);
    assertThat(server.totalTokensSent()).isEqualTo(4L * TOTAL);
    assertThat(server.inputTokensSent()).isEqualTo(4L * PROMPT);
    h.assertChargedOnceAndReleased("default", 4, server.served());
    assertThat(h.statusLong("default", "waited")).isGreaterThanOrEqualTo(2);
  }

  @Test
  void withoutTheAgentTheSameHostIsUnaffected() throws Exception {
    server.latency(Duration.ofMillis(250));
    HostProcess h = genAiHost("api=sync", "threads=4", "calls=1").withoutAgent().run();

    assertThat(h.count("OK")).isEqualTo(4);
    // more than the governed test's limit of 2: all 4 at once when every thread starts in time, fewer on a
    // loaded machine (a thread still loading the client misses the others), which proves the same
    assertThat(server.maxConcurrentInFlight()).as("proves the concurrency check can see a violation").isGreaterThan(2);
  }

  @Test
  void asyncCallsHoldTheirPermitUntilTheFutureCompletes() throws Exception {
    server.latency(Duration.ofMillis(150));
    HostProcess h = genAiHost("api=async", "threads=3", "calls=2").governor("max-concurrent-tasks", 1).run();

    assertThat(h.count("OK")).isEqualTo(6);
    assertThat(server.maxConcurrentInFlight()).isEqualTo(1);
    assertThat(server.totalTokensSent()).isEqualTo(6L * TOTAL);
    h.assertChargedOnceAndReleased("default", 6, server.served());
  }

  @Test
  void rejectModeRefusesOnceTheBudgetIsSpentWithTheGovernorsException() throws Exception {
    HostProcess h = genAiHost("api=sync", "threads=1", "calls=3")
        .governor("max-tokens-per-minute", 100)
        .governor("reject-on-limit", true)
        .run();

    List<String[]> calls = h.calls();
    assertThat(calls).extracting(c -> c[2]).containsExactly("OK", "OK", "REJECTED");
    assertThat(calls.get(2)[3]).isEqualTo("TOKENS_PER_MINUTE");
    assertThat(server.requestCount()).as("a refused call never reaches the server").isEqualTo(2);
    assertThat(h.statusLong("default", "total")).isEqualTo(server.totalTokensSent()).isEqualTo(2L * TOTAL);
  }

  @Test
  void rejectAsClientThrowsTheSdksClientExceptionWith429() throws Exception {
    HostProcess h = genAiHost("api=async", "threads=1", "calls=3")
        .governor("max-tokens-per-minute", 100)
        .governor("reject-on-limit", true)
        .governor("reject-as", "client")
        .run();

    List<String[]> calls = h.calls();
    assertThat(calls).extracting(c -> c[2]).containsExactly("OK", "OK", "ERROR");
    assertThat(calls.get(2)[3]).isEqualTo("com.google.genai.errors.ClientException");
    assertThat(String.join(" ", calls.get(2))).contains("429").contains("RESOURCE_EXHAUSTED");
    assertThat(server.requestCount()).isEqualTo(2);
  }

  @Test
  void streamsHoldTheirPermitUntilReadToTheEndAndAreChargedTheLastChunksUsageOnce() throws Exception {
    server.latency(Duration.ofMillis(150));
    HostProcess h = genAiHost("api=stream", "threads=3", "calls=2").governor("max-concurrent-tasks", 1).run();

    assertThat(h.count("OK")).isEqualTo(6);
    assertThat(server.paths()).allMatch(p -> p.endsWith(":streamGenerateContent?alt=sse"));
    assertThat(server.maxConcurrentInFlight()).isEqualTo(1);
    assertThat(server.totalTokensSent()).isEqualTo(6L * TOTAL);
    assertThat(server.inputTokensSent()).isEqualTo(6L * PROMPT);
    h.assertChargedOnceAndReleased("default", 6, server.served()); // running usage per chunk counted once per stream
  }

  @Test
  void asyncStreamsAreGovernedLikeSyncOnes() throws Exception {
    server.latency(Duration.ofMillis(100));
    HostProcess h = genAiHost("api=async-stream", "threads=2", "calls=2").governor("max-concurrent-tasks", 1).run();

    assertThat(h.count("OK")).isEqualTo(4);
    assertThat(server.maxConcurrentInFlight()).isEqualTo(1);
    assertThat(server.totalTokensSent()).isEqualTo(4L * TOTAL);
    h.assertChargedOnceAndReleased("default", 4, server.served());
  }

  @Test
  void aStreamClosedEarlyIsReleasedAndChargedWhatArrived() throws Exception {
    server.holdStreams();
    HostProcess h = genAiHost("api=stream-close-early", "threads=1", "calls=2")
        .governor("max-concurrent-tasks", 1)
        .governor("resource-wait-timeout-seconds", 5)
        .run();

    assertThat(h.count("OK")).as("the second stream was admitted: the first one's permit came back").isEqualTo(2);
    awaitTrue(() -> server.inFlight() == 0 && server.streamsCutShort() == 2, "the server saw both streams cut");
    assertThat(h.statusLong("default", "total")).as("the usage of the one chunk each stream delivered")
        .isEqualTo(2L * FIRST_CHUNK_TOTAL).isLessThanOrEqualTo(server.totalTokensSent());
    assertThat(h.statusLong("default", "active")).isZero();
  }

  @Test
  void aStreamDroppedUnclosedIsReleasedOnceUnreachable() throws Exception {
    server.holdStreams();
    HostProcess h = genAiHost("api=stream-abandon", "threads=1", "calls=1")
        .governor("max-concurrent-tasks", 1)
        .run();

    assertThat(h.count("OK")).isEqualTo(1);
    assertThat(h.stdout()).contains("RELEASED true");
    assertThat(h.statusLong("default", "active")).isZero();
    awaitTrue(() -> server.inFlight() == 0, "the server's stream ended with the host");
    assertThat(h.statusLong("default", "total")).as("what the application read before it dropped the stream")
        .isEqualTo(FIRST_CHUNK_TOTAL).isLessThanOrEqualTo(server.totalTokensSent());
  }

  @Test
  void automaticFunctionCallingChargesEveryModelCallAndGatesEveryToolExecution() throws Exception {
    server.functionCallRounds(2);
    HostProcess h = genAiHost("api=afc", "threads=1", "calls=1").run();

    assertThat(h.count("OK")).isEqualTo(1);
    assertThat(server.requestCount()).as("two function-call rounds, then the answer").isEqualTo(3);
    assertThat(h.stdout()).contains("TOOL 2");
    assertThat(server.totalTokensSent()).isEqualTo(3L * TOTAL);
    h.assertChargedOnceAndReleased("default", 3, server.served()); // each model call admitted
    assertThat(h.statusLong("default", "toolCalls")).isEqualTo(2);
  }

  @Test
  void aToolExecutionOverTheToolCallLimitIsRefusedAndReportedToTheModelAsTheToolsError() throws Exception {
    server.functionCallRounds(2);
    HostProcess h = genAiHost("api=afc", "threads=1", "calls=1")
        .governor("max-tool-calls-per-minute", 1)
        .governor("reject-on-limit", true)
        .run();

    assertThat(h.count("OK")).isEqualTo(1);
    assertThat(h.stdout()).as("the second execution never ran the tool").contains("TOOL 1");
    assertThat(server.requestCount()).isEqualTo(3);
    assertThat(h.statusLong("default", "toolCalls")).isEqualTo(1);
  }

  @Test
  void asyncAutomaticFunctionCallingIsGovernedPerModelCallUnderAConcurrencyLimitOfOne() throws Exception {
    server.functionCallRounds(2);
    HostProcess h = genAiHost("api=async-afc", "threads=2", "calls=1")
        .governor("max-concurrent-tasks", 1)
        .governor("resource-wait-timeout-seconds", 20)
        .run();

    assertThat(h.count("OK")).isEqualTo(2);
    assertThat(server.requestCount()).isEqualTo(6);
    assertThat(server.maxConcurrentInFlight()).isEqualTo(1);
    assertThat(h.stdout()).contains("TOOL 4");
    assertThat(server.totalTokensSent()).isEqualTo(6L * TOTAL);
    h.assertChargedOnceAndReleased("default", 6, server.served());
  }

  private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 20 s: " + what);
      }
      Thread.onSpinWait();
      java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
    }
  }
}

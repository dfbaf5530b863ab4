package io.aiecs.governor.it.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiecs.governor.demo.server.FakeOpenAiServer;
import io.aiecs.governor.it.HostProcess;
import io.aiecs.governor.it.ServerObservedTest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The generic fallback in a forked JVM under the agent jar: raw OkHttp and java.net.http clients calling OpenAI-,
 * Anthropic- and Gemini-shaped servers are gated and charged what the server sent, refused as documented, cut on
 * the wire at their task's deadline, and give every permit back; openai-java over OkHttp is charged once.
 */
class HttpFallbackIT extends ServerObservedTest {
  private FakeLlmServer llm;

  @BeforeEach
  void startLlm() throws Exception {
    llm = new FakeLlmServer();
  }

  @AfterEach
  void stopLlm() throws Exception {
    llm.close();
  }

  private static HostProcess.Builder host(String client, String mode, String url, String api) {
    return HostProcess.host(RawHttpHost.class).args("client=" + client, "mode=" + mode, "url=" + url, "api=" + api)
        .governor("otel.metrics.exporter", "none"); // nothing collects them here: no export retries at exit
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource({"okhttp,sync,chat", "okhttp,async,chat", "okhttp,sse,chat", "okhttp,sse,responses",
      "jdk,sync,chat", "jdk,async,chat", "jdk,sse,chat", "jdk,sync,responses"})
  void openAiCompatibleCallsAreGatedAndChargedTheServersUsage(String client, String mode, String api)
      throws Exception {
    HostProcess h = host(client, mode, server.baseUrl() + "/" + (api.equals("chat") ? "chat/completions" : api), api)
        .args("threads=4", "calls=2", "header=" + FakeOpenAiServer.LATENCY_HEADER + ":300")
        .governor("max-concurrent-tasks", 2)
        .run();

    assertThat(h.count("OK")).as(String.join("\n", h.stdout())).isEqualTo(8);
    assertThat(server.requestCount()).isEqualTo(8);
    assertThat(server.maxConcurrentInFlight()).as("server-observed concurrency").isLessThanOrEqualTo(2);
    assertThat(h.statusLong("default", "waited")).as("callers waited for a slot").isPositive();
    assertThat(server.totalTokensSent()).isEqualTo(8 * 60);
    h.assertChargedOnceAndReleased("default", 8, served()); // charged = what the server sent
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource({"okhttp,sync,anthropic", "okhttp,sse,anthropic", "jdk,async,anthropic", "jdk,sse,anthropic",
      "jdk,sync,gemini", "okhttp,async,gemini", "okhttp,sse,gemini", "jdk,sse,gemini"})
  void anthropicAndGeminiShapedCallsAreChargedTheirUsage(String client, String mode, String api) throws Exception {
    String path = api.equals("anthropic") ? "/v1/messages"
        : mode.equals("sse") ? "/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse"
        : "/v1beta/models/gemini-2.0-flash:generateContent";
    HostProcess h = host(client, mode, llm.baseUrl() + path, api)
        .args("threads=3", "calls=2", "header=x-latency-ms:200")
        .governor("max-concurrent-tasks", 1)
        .run();

    assertThat(h.count("OK")).as(String.join("\n", h.stdout())).isEqualTo(6);
    assertThat(llm.maxInFlight()).as("server-observed concurrency").isEqualTo(1);
    long perCall = api.equals("anthropic") ? FakeLlmServer.ANTHROPIC_TOKENS : FakeLlmServer.GEMINI_TOKENS;
    assertThat(h.statusLong("default", "total")).isEqualTo(llm.tokensSent()).isEqualTo(6 * perCall);
    assertThat(h.statusLong("default", "active")).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"okhttp", "jdk"})
  void overTheLimitIsRefusedBeforeReachingTheServer(String client) throws Exception {
    HostProcess h = host(client, "sync", server.baseUrl() + "/chat/completions", "chat")
        .args("threads=3", "calls=1", "header=" + FakeOpenAiServer.LATENCY_HEADER + ":1500")
        .governor("max-concurrent-tasks", 1)
        .governor("reject-on-limit", true)
        .run();

    assertThat(h.count("REJECTED")).as(String.join("\n", h.stdout())).isPositive();
    assertThat(h.calls()).filteredOn(c -> c[2].equals("REJECTED")).allSatisfy(c -> assertThat(c[3]).isEqualTo("CONCURRENT_TASKS"));
    assertThat(server.requestCount()).isEqualTo(h.count("OK"));
    assertThat(h.statusLong("default", "active")).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"okhttp", "jdk"})
  void theTaskDeadlineCutsAHeldRequestOnTheWire(String client) throws Exception {
    HostProcess h = host(client, "sync", llm.baseUrl() + "/v1/messages", "anthropic")
        .args("header=x-hold-ms:20000")
        .governor("task-timeout-seconds", 1)
        .run();

    assertThat(h.calls()).as(String.join("\n", h.stdout())).singleElement().satisfies(c -> {
      assertThat(c[2]).isEqualTo("ERROR");
      assertThat(c[3]).isEqualTo("io.aiecs.governor.TaskTimeoutException");
    });
    long waitUntil = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (llm.closedWhileHeld() == 0 && System.nanoTime() < waitUntil) {
      Thread.onSpinWait();
    }
    assertThat(llm.closedWhileHeld()).as("the server saw the client close the held connection").isEqualTo(1);
    long millis = h.stdout().stream().filter(l -> l.startsWith("TIME ")).mapToLong(l -> Long.parseLong(l.split(" ")[2]))
        .findFirst().orElseThrow();
    assertThat(millis).as("the caller got its answer at the 1 s deadline, not after the server's 20 s hold")
        .isBetween(900L, 5_000L);
    assertThat(h.statusLong("default", "active")).isZero();
  }

  /**
   * OkHttp only: OkHttp reads the body as the application pulls it, so an unread stream is still in flight. The JDK
   * client pushes a body this small to its handler whole, read or not, which ends the call.
   */
  @Test
  void aStreamDroppedUnclosedGivesItsPermitBack() throws Exception {
    HostProcess h = host("okhttp", "drop", server.baseUrl() + "/chat/completions", "chat").run();

    assertThat(h.stdout()).as(String.join("\n", h.stderr())).contains("HELD 1", "RELEASED true");
    assertThat(h.statusLong("default", "active")).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"sync", "async"})
  void openAiSdkOverOkHttpIsChargedOnce(String mode) throws Exception {
    HostProcess h = host("openai-sdk", mode, server.baseUrl(), "chat").args("threads=2", "calls=2")
        .governor("max-concurrent-tasks", 2)
        .run();

    assertThat(h.count("OK")).isEqualTo(4);
    assertThat(server.totalTokensSent()).isEqualTo(4 * 60);
    h.assertChargedOnceAndReleased("default", 4, served()); // the SDK layer, not HTTP again
  }

  @Test
  void otherTrafficIsUntouched() throws Exception {
    HostProcess h = host("okhttp", "sync", llm.baseUrl() + "/v1/messages/count_tokens", "anthropic")
        .governor("max-concurrent-tasks", 1)
        .run();
    HostProcess j = host("jdk", "sync", server.baseUrl() + "/models", "chat").run();

    assertThat(h.count("OK") + j.count("OK") + h.count("ERROR") + j.count("ERROR")).isEqualTo(2);
    assertThat(h.statusLong("default", "admitted")).isZero();
    assertThat(j.statusLong("default", "admitted")).isZero();
  }

  /** Waits (bounded) until the fake OpenAI server has seen a client hang up on a response it was still sending. */
  private boolean serverSawTheHangUp() {
    return server.awaitClientClosedEarly(Duration.ofSeconds(10));
  }

  /**
   * The JDK's {@code ofInputStream()} stream is the exchange's own subscriber, which the open connection keeps
   * reachable (and its {@code ofLines()} stream reads it): the permit is released (and the connection closed) when
   * the wrapper the application got is dropped.
   * The server trickles the body for 20 s; the host stays alive after the release, so the hang-up the server sees
   * is the release closing the exchange, not the host's exit.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"jdk-input", "jdk-lines"})
  void anInputStreamOrLinesBodyDroppedUnclosedGivesItsPermitBackAndHangsUp(String client) throws Exception {
    server.latency(Duration.ofSeconds(20));
    try (HostProcess h = host(client, "drop", server.baseUrl() + "/chat/completions", "chat")
        .args("header=" + FakeOpenAiServer.TRICKLE_HEADER + ":1", "hold=true").start()) {
      h.awaitLine(l -> l.equals("HOLDING"), Duration.ofSeconds(60));
      assertThat(h.stdout()).as(String.join("\n", h.stderr())).contains("HELD 1", "RELEASED true");
      assertThat(h.statusLong("default", "active")).isZero();
      assertThat(serverSawTheHangUp()).as("the server saw the dropped body's connection closed").isTrue();
    }
  }

  /**
   * The request timeout the fallback sets covers the wait for the response headers only; a body still arriving
   * at the task's deadline is cut there: the read ({@code ofInputStream()}) or {@code send} ({@code ofString()}, the
   * body read inside it) fails with the task's timeout and the connection is closed.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"input", "sync"})
  void theTaskDeadlineCutsABodyAlreadyStreaming(String mode) throws Exception {
    server.latency(Duration.ofSeconds(20));
    try (HostProcess h = host("jdk", mode, server.baseUrl() + "/chat/completions", "chat")
        .args("header=" + FakeOpenAiServer.TRICKLE_HEADER + ":1", "hold=true")
        .governor("task-timeout-seconds", 1).start()) {
      h.awaitLine(l -> l.equals("HOLDING"), Duration.ofSeconds(60));

      assertThat(h.calls()).as(String.join("\n", h.stdout())).singleElement().satisfies(c -> {
        assertThat(c[2]).isEqualTo("ERROR");
        assertThat(c[3]).isEqualTo("io.aiecs.governor.TaskTimeoutException");
      });
      long millis = h.stdout().stream().filter(l -> l.startsWith("TIME ")).mapToLong(l -> Long.parseLong(l.split(" ")[2]))
          .findFirst().orElseThrow();
      assertThat(millis).as("the read failed at the 1 s deadline, not after the server's 20 s body").isBetween(900L, 5_000L);
      assertThat(h.statusLong("default", "active")).isZero();
      assertThat(serverSawTheHangUp()).as("the server saw the connection closed mid-body").isTrue();
    }
  }
}

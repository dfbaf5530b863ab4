package io.aiecs.governor.it.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiecs.governor.it.HostProcess;
import io.aiecs.governor.it.ServerObservedTest;
import io.aiecs.governor.it.langchain4j.hosts.LangChain4jHost;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * LangChain4j → {@code java.net.http}, counted once. langchain4j-open-ai sends over its default HTTP client,
 * langchain4j-http-client-jdk ({@code java.net.http.HttpClient}: {@code send} for {@code chat}, {@code sendAsync}
 * for a stream, whose body is read on the client's threads). The HTTP fallback (on by default) governs raw
 * {@code java.net.http} requests to OpenAI-compatible paths, so the same request is seen by two layers: each logical
 * call must be admitted and charged once, at the LangChain4j layer. The comparison runs prove the fallback does see
 * these requests: with the LangChain4j instrumentation off, the fallback alone admits and charges each call once
 * (so, with both on, a fallback that did not pass the nested request through would make it twice), and with the
 * fallback off too nothing is governed.
 */
class LangChain4jOverJdkHttpIT extends ServerObservedTest {
  private static final int CALLS = 3;

  LangChain4jOverJdkHttpIT() {
    super(13, 29);
  }

  private HostProcess run(String mode, String... switchedOff) throws Exception {
    server.reset();
    HostProcess.Builder host = HostProcess.host(LangChain4jHost.class)
        .jvm("-Dotel.metrics.exporter=none")
        .args("mode=" + mode, "baseUrl=" + server.baseUrl(), "threads=1", "calls=" + CALLS);
    for (String instrumentation : switchedOff) {
      host.governor("instrumentation." + instrumentation + ".enabled", false);
    }
    HostProcess h = host.run();
    assertThat(h.count("OK")).as("%s: every call answered: %s", mode, h.stdout()).isEqualTo(CALLS);
    assertThat(server.requestCount()).isEqualTo(CALLS);
    assertThat(server.totalTokensSent()).isEqualTo(CALLS * 42);
    return h;
  }

  /** One admission per logical call, charged the server's usage (not twice), every permit back. */
  private void assertAdmittedAndChargedOnce(HostProcess h, String layers) {
    try {
      h.assertChargedOnceAndReleased("default", CALLS, served());
    } catch (AssertionError e) {
      throw new AssertionError(layers + ": " + e.getMessage(), e);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sync", "stream"})
  void aCallIsAdmittedAndChargedOnceWithTheHttpFallbackActiveUnderneath(String mode) throws Exception {
    assertAdmittedAndChargedOnce(run(mode), "LangChain4j and the HTTP fallback");

    assertAdmittedAndChargedOnce(run(mode, "langchain4j"), "the HTTP fallback alone");

    HostProcess ungoverned = run(mode, "langchain4j", "http-fallback");
    assertThat(ungoverned.status("default").get("admitted")).as("neither layer: nothing governed").isEqualTo("0");
    assertThat(ungoverned.status("default").get("total")).isEqualTo("0");
  }

  /**
   * The request timeout the fallback gives the nested request covers the wait for the response headers only; a
   * stream still arriving at the task's deadline is cut there too, though the fallback does not govern the request
   * itself (LangChain4j's layer does): the server trickles the stream for 20 s, the handler's {@code onError} gets
   * the task's timeout at the 1 s deadline, and the server sees the connection closed while the host is still alive.
   */
  @Test
  void theTaskDeadlineCutsANestedStreamAlreadyArriving() throws Exception {
    server.latency(Duration.ofSeconds(20));
    try (HostProcess h = HostProcess.host(LangChain4jHost.class).jvm("-Dotel.metrics.exporter=none")
        .args("mode=stream", "baseUrl=" + server.baseUrl(), "threads=1", "calls=1", "trickle=true", "hold=true")
        .governor("task-timeout-seconds", 1).start()) {
      h.awaitLine(l -> l.equals("HOLDING"), Duration.ofSeconds(60));

      assertThat(h.calls()).as(String.join("\n", h.stdout())).singleElement().satisfies(c -> {
        assertThat(c[2]).isEqualTo("ERROR");
        assertThat(c[3]).as("what the handler's onError got").isEqualTo("io.aiecs.governor.TaskTimeoutException");
      });
      long millis = h.stdout().stream().filter(l -> l.startsWith("TIME ")).mapToLong(l -> Long.parseLong(l.split(" ")[2]))
          .findFirst().orElseThrow();
      assertThat(millis).as("the stream failed at the 1 s deadline, not after the server's 20 s").isBetween(900L, 5_000L);
      assertThat(h.status("default").get("admitted")).isEqualTo("1");
      assertThat(h.status("default").get("active")).as("the permit is back").isEqualTo("0");
      assertThat(server.awaitClientClosedEarly(Duration.ofSeconds(10))).as("the server saw the connection closed mid-stream").isTrue();
    }
  }
}

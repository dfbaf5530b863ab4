package io.aiecs.governor.it.springai;

import static io.aiecs.governor.it.HostProcess.host;
import static org.assertj.core.api.Assertions.assertThat;

import io.aiecs.governor.it.HostProcess;
import io.aiecs.governor.it.ServerObservedTest;
import io.aiecs.governor.it.springai.hosts.SpringAiHost;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Spring AI's {@code OpenAiChatModel} in a forked JVM under the built agent jar, against the fake OpenAI server
 * (40 prompt + 20 completion tokens per answer), which witnesses what reached the wire. In Spring AI 2.x the
 * model runs on openai-java, itself governed by the agent: every test also checks the call was admitted and
 * charged once ({@code admitted} equals the calls made, tokens equal what the server sent), so the openai-java
 * layer underneath passed through.
 */
class SpringAiGovernanceIT extends ServerObservedTest {

  private HostProcess.Builder springAi(Object... args) {
    String base = server.baseUrl().substring(0, server.baseUrl().length() - "/v1".length());
    return host(SpringAiHost.class).jvm("-Dotel.sdk.disabled=true").args("baseUrl=" + base).args(args);
  }

  private void assertChargedOnceAndReleased(HostProcess h, long calls) {
    assertChargedOnceAndReleased(h, "default", calls);
  }

  private void assertChargedOnceAndReleased(HostProcess h, String agent, long calls) {
    assertThat(server.totalTokensSent()).isEqualTo(60 * calls);
    h.assertChargedOnceAndReleased(agent, calls, served());
  }

  @Test
  void syncCallsAreGatedAndChargedOnceAboveOpenAiJava() throws Exception {
    server.latency(Duration.ofMillis(250));
    HostProcess h = springAi("mode=call", "threads=4", "calls=1").governor("max-concurrent-tasks", 1).run();

    assertThat(h.count("OK")).isEqualTo(4);
    assertThat(server.requestCount()).isEqualTo(4);
    assertThat(server.maxConcurrentInFlight()).as("the server never saw two at once").isEqualTo(1);
    assertChargedOnceAndReleased(h, 4);
  }

  @Test
  void aStreamHoldsItsPermitFromSubscriptionToCompletionAndIsChargedItsFinalUsage() throws Exception {
    server.latency(Duration.ofMillis(250));
    HostProcess h = springAi("mode=stream", "threads=3", "calls=1").governor("max-concurrent-tasks", 1).run();

    assertThat(h.calls()).extracting(c -> c[3]).as("the app saw the usage of the last chunk").containsOnly("60");
    assertThat(server.requestLog()).allMatch(r -> r.stream());
    assertThat(server.maxConcurrentInFlight()).isEqualTo(1);
    assertChargedOnceAndReleased(h, 3);
  }

  @Test
  void withoutTheAgentTheSameStreamsOverlap() throws Exception {
    server.latency(Duration.ofMillis(250));
    HostProcess h = springAi("mode=stream", "threads=3", "calls=1").withoutAgent().run();

    assertThat(h.count("OK")).isEqualTo(3);
    // more than the governed test's limit of 1: all 3 at once when every thread starts in time, fewer on a
    // loaded machine (a thread still loading the client misses the others), which proves the same
    assertThat(server.maxConcurrentInFlight()).as("proves the concurrency check can see a violation").isGreaterThan(1);
  }

  @Test
  void aStreamSubscribedOnAReactorThreadIsChargedToTheAgentThatAskedForItOnce() throws Exception {
    server.latency(Duration.ofMillis(150));
    HostProcess h = springAi("mode=stream-elsewhere", "threads=2", "calls=2", "prefix=research")
        .governor("agent.research.match.thread", "research-.*")
        .governor("agent.research.max-concurrent-tasks", 1)
        .run();

    assertThat(h.count("OK")).isEqualTo(4);
    assertThat(server.maxConcurrentInFlight()).isEqualTo(1);
    assertChargedOnceAndReleased(h, "research", 4);
    assertThat(h.statusLong("default", "admitted")).as("not the scheduler thread's agent").isZero();
  }

  @Test
  void aCancelledStreamGivesItsPermitBack() throws Exception {
    HostProcess h = springAi("mode=stream-cancel", "threads=1", "calls=3")
        .governor("max-concurrent-tasks", 1)
        .governor("reject-on-limit", true)
        .run();

    assertThat(h.count("OK")).as("each cancelled stream released before the next began").isEqualTo(3);
    assertThat(h.statusLong("default", "admitted")).isEqualTo(3);
    assertThat(h.statusLong("default", "rejected")).isZero();
    assertThat(h.statusLong("default", "active")).isZero();
  }

  @Test
  void aStreamNobodySubscribesToHoldsNothingAndSendsNothing() throws Exception {
    HostProcess h = springAi("mode=stream-unsubscribed", "threads=1", "calls=2")
        .governor("max-concurrent-tasks", 1)
        .governor("reject-on-limit", true)
        .run();

    assertThat(h.count("OK")).isEqualTo(2);
    assertThat(server.requestCount()).isZero();
    assertThat(h.statusLong("default", "admitted")).isZero();
    assertThat(h.statusLong("default", "active")).isZero();
  }

  @Test
  void rejectModeRefusesCallsAndStreamsOnceTheBudgetIsSpent() throws Exception {
    for (String mode : List.of("call", "stream")) {
      server.reset();
      HostProcess h = springAi("mode=" + mode, "threads=1", "calls=3")
          .governor("max-tokens-per-minute", 100)
          .governor("reject-on-limit", true)
          .run();

      List<String[]> calls = h.calls();
      assertThat(calls).as(mode).extracting(c -> c[2]).containsExactly("OK", "OK", "REJECTED");
      assertThat(calls.get(2)[3]).isEqualTo("TOKENS_PER_MINUTE");
      assertThat(server.requestCount()).as("a refused %s never reaches the server", mode).isEqualTo(2);
      assertThat(h.statusLong("default", "total")).isEqualTo(120);
      assertThat(h.statusLong("default", "rejected")).isEqualTo(1);
    }
  }

  @Test
  void rejectAsClientIsSpringAisTransientAiException() throws Exception {
    for (String mode : List.of("call", "stream")) {
      server.reset();
      HostProcess h = springAi("mode=" + mode, "threads=1", "calls=3")
          .governor("max-tokens-per-minute", 100)
          .governor("reject-on-limit", true)
          .governor("reject-as", "client")
          .run();

      List<String[]> calls = h.calls();
      assertThat(calls).as(mode).extracting(c -> c[2]).containsExactly("OK", "OK", "ERROR");
      assertThat(calls.get(2)[3]).isEqualTo("org.springframework.ai.retry.TransientAiException");
      assertThat(String.join(" ", calls.get(2))).contains("max-tokens-per-minute");
      assertThat(server.requestCount()).isEqualTo(2);
    }
  }

  @Test
  void toolCallbacksAreToolCallsOfTheRunningAgent() throws Exception {
    HostProcess h = springAi("mode=tools", "threads=1", "calls=3", "prefix=research")
        .governor("agent.research.match.thread", "research-.*")
        .governor("agent.research.max-tool-calls-per-minute", 4)
        .governor("agent.research.reject-on-limit", true)
        .run();

    List<String[]> calls = h.calls();
    // each call runs a MethodToolCallback and a FunctionToolCallback: the third call's first tool is refused,
    // with Spring AI's own ToolExecutionException (its tool loop's failing-tool exception), the decision its cause
    assertThat(calls).extracting(c -> c[2]).containsExactly("OK", "OK", "ERROR");
    assertThat(calls.get(2)[3]).isEqualTo("org.springframework.ai.tool.execution.ToolExecutionException");
    assertThat(String.join(" ", calls.get(2))).contains("max-tool-calls-per-minute");
    assertThat(h.statusLong("research", "toolCalls")).isEqualTo(4);
    assertThat(h.statusLong("default", "toolCalls")).isZero();
    assertThat(server.requestCount()).isZero();
  }

  @Test
  void aRefusedToolIsReportedToTheModelAsTheToolsErrorResultAndTheCallGoesOn() throws Exception {
    HostProcess h = springAi("mode=tool-loop", "toolCalls=3", "threads=1", "calls=1", "prefix=research")
        .governor("agent.research.match.thread", "research-.*")
        .governor("agent.research.max-tool-calls-per-minute", 2)
        .governor("agent.research.reject-on-limit", true)
        .run();

    assertThat(h.calls()).extracting(c -> c[2]).as("the model call returned normally: %s", h.stdout())
        .containsExactly("OK");
    String answer = h.stdout().stream().filter(l -> l.startsWith("ANSWER ")).findFirst().orElseThrow();
    // the fake model quotes the tool results its last request carried: two ran, the third was the refusal
    assertThat(answer).as("what the model was told, through Spring AI's ToolExecutionExceptionProcessor; host: %s",
            h.stdout())
        .contains("sunny in").contains("exceeded max-tool-calls-per-minute");
    assertThat(answer.split("\\|")).hasSize(3);
    assertThat(server.requestCount()).as("three tool-calling turns and the answer").isEqualTo(4);
    assertThat(h.statusLong("research", "toolCalls")).isEqualTo(2);
    assertChargedOnceAndReleased(h, "research", 4); // the tool loop's turns charged what the server sent
  }
}

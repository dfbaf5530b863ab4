package io.aiecs.governor.it;

import static io.aiecs.governor.it.HostProcess.host;
import static org.assertj.core.api.Assertions.assertThat;

import io.aiecs.governor.demo.server.RequestRecord;
import io.aiecs.governor.it.hosts.EntryHost;
import io.aiecs.governor.it.hosts.MemoryHost;
import io.aiecs.governor.it.hosts.OpenAiHost;
import io.aiecs.governor.it.hosts.ToolHost;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The limits beyond the core, each in a forked host under the real agent, the fake server observing. */
class ResourceLimitsIT extends ServerObservedTest {

  @Test
  void theProcessWideScopeHoldsTwoAgentsToOneBudget() throws Exception {
    HostProcess h = host(OpenAiHost.class)
        .args("baseUrl=" + server.baseUrl(), "threads=2", "calls=3", "prefix=alpha,beta")
        .governor("agent.alpha.match.thread", "alpha-.*")
        .governor("agent.beta.match.thread", "beta-.*")
        .governor("max-tokens-per-minute", 1000) // each agent alone would never be refused
        .governor("global.max-tokens-per-minute", 150)
        .governor("reject-on-limit", true)
        .run();

    // 150 tokens for everyone at 60 per call: admission asks for a positive bucket and usage is charged after
    // the response, so three calls pass, plus at most one that the other thread started meanwhile
    assertThat(server.requestCount()).isBetween(3L, 4L);
    assertThat(h.count("OK")).isEqualTo(server.requestCount());
    assertThat(h.count("REJECTED")).isEqualTo(6 - server.requestCount());
    assertThat(h.calls()).filteredOn(c -> c[2].equals("REJECTED")).allSatisfy(c -> assertThat(c[5]).isEqualTo("global"));
    assertThat(h.statusLong("alpha", "total") + h.statusLong("beta", "total")).isEqualTo(server.totalTokensSent());
    assertThat(h.statusLong("alpha", "admitted")).isPositive();
    assertThat(h.statusLong("beta", "admitted")).isPositive();
  }

  @Test
  void anEntryPointInvocationIsOneTaskOfItsAgentHoweverManyCallsItMakes() throws Exception {
    server.latency(java.time.Duration.ofMillis(200));
    HostProcess h = host(EntryHost.class).args("baseUrl=" + server.baseUrl(), "runs=3")
        .governor("agent.research.entry", EntryHost.ResearchAgent.class.getName() + "#run")
        .governor("agent.research.max-concurrent-tasks", 1)
        .run();

    assertThat(h.count("OK")).isEqualTo(3);
    assertThat(server.requestCount()).isEqualTo(15);
    // one task at a time, each making its five calls one after the other: never two requests at once
    assertThat(server.maxConcurrentInFlight()).isEqualTo(1);
    assertThat(h.statusLong("research", "total")).as("the calls made on other threads too")
        .isEqualTo(server.totalTokensSent());
    assertThat(h.statusLong("research", "admitted")).as("3 tasks and 15 calls").isEqualTo(18);
    assertThat(h.statusLong("research", "waited")).isPositive();
    assertThat(h.statusLong("default", "admitted")).isZero();
    assertThat(h.statusLong("research", "active")).isZero();
  }

  @Test
  void callsBelongToTheAgentWhoseModelRuleMatchesTheRequestedModel() throws Exception {
    HostProcess h = host(OpenAiHost.class)
        .args("baseUrl=" + server.baseUrl(), "threads=1", "calls=4", "models=gpt-4o,o3-mini")
        .governor("agent.reasoning.match.model", "o\\d.*")
        .governor("agent.reasoning.max-tokens-per-minute", 100)
        .governor("reject-on-limit", true)
        .run();

    assertThat(server.requestLog()).extracting(RequestRecord::model)
        .containsExactly("gpt-4o", "o3-mini", "gpt-4o", "o3-mini");
    assertThat(h.statusLong("reasoning", "admitted")).isEqualTo(2);
    assertThat(h.statusLong("reasoning", "total")).as("the o3-mini calls' usage").isEqualTo(120);
    assertThat(h.statusLong("default", "admitted")).isEqualTo(2);
    assertThat(h.statusLong("default", "total")).isEqualTo(120);
  }

  @Test
  void toolMethodsAreCountedAndRefusedBeyondTheToolCallBudget() throws Exception {
    HostProcess h = host(ToolHost.class).args("calls=4", "thread=tools-0")
        .governor("tool-methods", ToolHost.Tools.class.getName() + "#search")
        .governor("max-tool-calls-per-minute", 3)
        .governor("reject-on-limit", true)
        .run();

    List<String[]> calls = h.calls();
    assertThat(calls).extracting(c -> c[2]).containsExactly("OK", "OK", "OK", "REJECTED");
    assertThat(calls.get(3)[3]).isEqualTo("TOOL_CALLS_PER_MINUTE");
    assertThat(h.statusLong("default", "toolCalls")).as("add() is not a configured tool").isEqualTo(3);
    assertThat(h.status("default")).containsEntry("toolCallsLeftPerMinute", "0");
  }

  @Test
  void everyPublicMethodOfAToolClassIsATool() throws Exception {
    HostProcess h = host(ToolHost.class).args("calls=2")
        .governor("tool-methods", ToolHost.Tools.class.getName() + "#*")
        .run();

    assertThat(h.count("OK")).isEqualTo(2);
    assertThat(h.statusLong("default", "toolCalls")).isEqualTo(4);
  }

  @Test
  void aTaskPastItsTimeoutIsCutOnTheWireAndNotRetried() throws Exception {
    for (String api : new String[] {"sync-chat", "async-chat"}) {
      server.reset();
      HostProcess h = host(OpenAiHost.class)
          .args("baseUrl=" + server.baseUrl(), "api=" + api, "threads=1", "calls=1", "retries=2", "warmup=1",
              "latencyMs=3000", "trickle=true")
          .governor("agent.default.task-timeout-seconds", 0.5)
          .governor("agent.warm.match.thread", "warmup") // no timeout for the warm-up call
          .run();

      assertThat(h.calls()).hasSize(2).first().satisfies(c -> assertThat(c[2]).isEqualTo("OK"));
      assertThat(h.calls()).last().satisfies(c -> {
        assertThat(c[2]).as("%s: %s", api, String.join(" ", c)).isEqualTo("ERROR");
        assertThat(c[3]).as("%s: %s", api, String.join(" ", c)).isEqualTo("io.aiecs.governor.TaskTimeoutException");
      });
      // the server trickles whitespace while it waits, so it notices the hang-up within a tick or two
      long drained = System.nanoTime() + 20_000_000_000L;
      while (server.inFlight() > 0 && System.nanoTime() < drained) {
        Thread.onSpinWait();
      }
      assertThat(server.requestCount()).as("%s: warm-up, then the timed-out task, not retried", api).isEqualTo(2);
      RequestRecord cut = server.requestLog().get(1);
      assertThat(cut.clientClosedEarly()).as("%s: the server saw the client close the connection", api).isTrue();
      assertThat(Duration.ofNanos(cut.completionNanos() - cut.arrivalNanos()))
          .as("%s: ... at the deadline, long before its 3 s answer", api).isLessThan(Duration.ofMillis(2_000));
      long millis = h.stdout().stream().filter(l -> l.startsWith("TIME ")).mapToLong(l -> Long.parseLong(l.split(" ")[2]))
          .findFirst().orElseThrow();
      assertThat(millis).as("%s: the caller got its answer at the deadline, not after the server's 3 s", api)
          .isBetween(400L, 2_000L);
      assertThat(h.statusLong("default", "active")).isZero();
    }
  }


  @Test
  void heapInUseAfterGcAboveTheLimitRefusesCalls() throws Exception {
    HostProcess h = host(MemoryHost.class).args("baseUrl=" + server.baseUrl(), "retainMb=200")
        .jvm("-Xmx512m")
        .governor("max-memory-mb", 150)
        .governor("reject-on-limit", true)
        .run();

    assertThat(h.calls()).extracting(c -> c[2]).containsExactly("OK", "REJECTED", "OK");
    assertThat(h.calls().get(1)[3]).isEqualTo("MEMORY");
    assertThat(server.requestCount()).isEqualTo(2);
    assertThat(h.statusLong("default", "memoryLimitMb")).isEqualTo(150);
    assertThat(h.statusLong("default", "memoryUsedMb")).isLessThan(150);
  }
}

package io.aiecs.governor.it;

import static io.aiecs.governor.it.HostProcess.host;
import static org.assertj.core.api.Assertions.assertThat;

import io.aiecs.governor.demo.server.RequestRecord;
import io.aiecs.governor.it.hosts.OpenAiHost;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The real openai-java client in a forked JVM under the built agent jar. The fake server, not the agent, is
 * the witness: what it saw arrive (how many, how many at once, when) is checked against what the agent claims.
 */
class OpenAiGovernanceIT extends ServerObservedTest {

  private HostProcess.Builder openAiHost(Object... args) {
    return host(OpenAiHost.class).args("baseUrl=" + server.baseUrl()).args(args);
  }

  @Test
  void concurrentRequestsNeverExceedMaxConcurrentTasks() throws Exception {
    server.latency(Duration.ofMillis(300));
    HostProcess h = openAiHost("threads=6", "calls=1").governor("max-concurrent-tasks", 2).run();

    assertThat(h.count("OK")).isEqualTo(6);
    assertThat(server.requestCount()).isEqualTo(6);
    assertThat(server.maxConcurrentInFlight()).as("the server never saw more than 2 at once").isEqualTo(2);
    assertThat(h.statusLong("default", "admitted")).isEqualTo(6);
    assertThat(h.statusLong("default", "waited")).isGreaterThanOrEqualTo(4);
    assertThat(h.statusLong("default", "active")).isZero();
  }

  /**
   * The SDK's own retry of an async call runs on its timer thread, after a 429: the retried request is the same
   * logical call, admitted and charged once, also with the HTTP fallback (which sees that OkHttp request) on.
   */
  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"sync-chat", "async-chat"})
  void aCallTheSdkRetriesIsAdmittedAndChargedOnce(String api) throws Exception {
    server.failNextWith429(1, 0);
    HostProcess h = openAiHost("api=" + api, "threads=1", "calls=1", "retries=1").run();

    assertThat(h.count("OK")).as(String.join("\n", h.stdout())).isEqualTo(1);
    assertThat(server.requestCount()).as("the 429 and the retry").isEqualTo(2);
    h.assertChargedOnceAndReleased("default", 1, served()); // one logical call
  }

  @Test
  void withoutTheAgentTheSameHostIsUnaffected() throws Exception {
    server.latency(Duration.ofMillis(300));
    HostProcess h = openAiHost("threads=6", "calls=1").withoutAgent().run();

    assertThat(h.count("OK")).isEqualTo(6);
    // more than the governed test's limit of 2: all 6 at once when every thread starts in time, fewer on a
    // loaded machine (a thread still loading the client misses the others), which proves the same
    assertThat(server.maxConcurrentInFlight()).as("proves the concurrency check can see a violation").isGreaterThan(2);
    assertThat(h.stdout()).contains("GOVERNOR active=false");
  }

  @Test
  void rejectModeRefusesOnceTheTokenBudgetIsSpent() throws Exception {
    HostProcess h = openAiHost("threads=1", "calls=4")
        .governor("max-tokens-per-minute", 100)
        .governor("reject-on-limit", true)
        .run();

    List<String[]> calls = h.calls();
    assertThat(calls).extracting(c -> c[2]).containsExactly("OK", "OK", "REJECTED", "REJECTED");
    assertThat(calls.get(2)[3]).isEqualTo("TOKENS_PER_MINUTE");
    assertThat(Long.parseLong(calls.get(2)[4])).as("retry-after ms").isPositive();
    assertThat(calls.get(2)[5]).isEqualTo("default");
    assertThat(server.requestCount()).as("rejected calls never reach the server").isEqualTo(2);
    assertThat(h.statusLong("default", "total")).isEqualTo(server.totalTokensSent()).isEqualTo(120);
    assertThat(h.statusLong("default", "input")).isEqualTo(server.totalPromptTokensSent());
    assertThat(h.statusLong("default", "rejected")).isEqualTo(2);
  }

  @Test
  void rejectAsClientThrowsTheSdksOwnRateLimitExceptionFromAnAsyncCall() throws Exception {
    // 10 tokens a minute, the first call costs 60: the refusal's retry-after (~5 min) is beyond what the SDK honours
    HostProcess h = openAiHost("api=async-chat", "threads=1", "calls=2", "retries=2")
        .governor("max-tokens-per-minute", 10)
        .governor("reject-on-limit", true)
        .governor("reject-as", "client")
        .run();

    List<String[]> calls = h.calls();
    assertThat(calls).extracting(c -> c[2]).containsExactly("OK", "ERROR");
    assertThat(calls.get(1)[3]).isEqualTo("com.openai.errors.RateLimitException");
    assertThat(String.join(" ", calls.get(1))).contains("429").contains("max-tokens-per-minute");
    // an async call's refusal goes through the SDK's async retry loop, like a blocking one's (ClientRetryIT): each
    // of its three attempts was refused at the transport, none reached the server
    assertThat(server.requestCount()).isEqualTo(1);
    assertThat(h.statusLong("default", "rejected")).isEqualTo(3);
    assertThat(h.statusLong("default", "active")).isZero();
  }

  @Test
  void waitModeDelaysTheNextCallByTheRefillTime() throws Exception {
    // 6000 per minute = 100 per second; the first response costs 6050, so the bucket is 50 in debt and the
    // second call must wait about 510 ms before it may start.
    server.usage(6000, 50);
    HostProcess h = openAiHost("threads=1", "calls=2")
        .governor("max-tokens-per-minute", 6000)
        .governor("resource-wait-timeout-seconds", 10)
        .run();

    assertThat(h.count("OK")).isEqualTo(2);
    List<RequestRecord> log = server.requestLog();
    assertThat(log).hasSize(2);
    long gapMillis = (log.get(1).arrivalNanos() - log.get(0).completionNanos()) / 1_000_000;
    assertThat(gapMillis).as("the server saw the second request only after the refill").isBetween(450L, 5_000L);
    assertThat(h.statusLong("default", "waited")).isEqualTo(1);
  }

  @Test
  void monitorModeLetsEveryCallThroughAndCountsWhatItWouldHaveRejected() throws Exception {
    server.latency(Duration.ofMillis(200));
    HostProcess h = openAiHost("threads=3", "calls=2")
        .governor("enforce-limits", false)
        .governor("max-tokens-per-minute", 100)
        .governor("max-concurrent-tasks", 1)
        .governor("reject-on-limit", true)
        .run();

    assertThat(h.count("OK")).isEqualTo(6);
    assertThat(server.requestCount()).isEqualTo(6);
    assertThat(server.maxConcurrentInFlight()).isGreaterThan(1);
    assertThat(h.statusLong("default", "rejected")).isZero();
    assertThat(h.statusLong("default", "wouldReject")).isPositive();
    assertThat(h.statusLong("default", "total")).isEqualTo(server.totalTokensSent());
  }

  @Test
  void asyncCallsHoldTheirPermitUntilTheFutureCompletes() throws Exception {
    server.latency(Duration.ofMillis(150));
    HostProcess h = openAiHost("api=async-chat", "threads=3", "calls=2")
        .governor("max-concurrent-tasks", 1)
        .run();

    assertThat(h.count("OK")).isEqualTo(6);
    assertThat(server.maxConcurrentInFlight()).isEqualTo(1);
    assertThat(h.statusLong("default", "total")).isEqualTo(server.totalTokensSent()).isEqualTo(360);
    assertThat(h.statusLong("default", "active")).isZero();
  }

  @Test
  void responsesApiIsChargedSyncAndAsync() throws Exception {
    server.usage(70, 30);
    HostProcess sync = openAiHost("api=sync-responses", "threads=1", "calls=2")
        .governor("max-tokens-per-minute", 1000).run();
    assertThat(sync.statusLong("default", "total")).isEqualTo(200);
    assertThat(sync.statusLong("default", "leftPerMinute")).isBetween(800L, 810L);

    HostProcess async = openAiHost("api=async-responses", "threads=1", "calls=3")
        .governor("max-tokens-per-minute", 1000).run();
    assertThat(async.statusLong("default", "total")).isEqualTo(300);
    assertThat(async.statusLong("default", "input")).isEqualTo(210);
    assertThat(server.totalTokensSent()).isEqualTo(500);
  }

  @Test
  void callsAreChargedToTheAgentTheirThreadBelongsTo() throws Exception {
    HostProcess h = openAiHost("threads=2", "calls=2", "prefix=research-worker")
        .governor("agent.research.match.thread", "research-worker-.*")
        .governor("agent.research.max-tokens-per-minute", 100) // two 60-token calls spend it, however they interleave
        .governor("agent.research.reject-on-limit", true)
        .run();

    assertThat(h.statusLong("research", "admitted")).isEqualTo(h.count("OK"));
    assertThat(h.count("REJECTED")).isPositive();
    assertThat(h.calls()).filteredOn(c -> c[2].equals("REJECTED")).allSatisfy(c -> assertThat(c[5]).isEqualTo("research"));
    assertThat(h.statusLong("default", "admitted")).isZero();
    assertThat(h.statusLong("research", "total")).isEqualTo(server.totalTokensSent());
  }

  @Test
  void aClientBuiltFromTheEnvironmentIsGovernedToo() throws Exception {
    HostProcess h = host(OpenAiHost.class).args("client=fromEnv", "threads=1", "calls=3")
        .env("OPENAI_BASE_URL", server.baseUrl())
        .env("OPENAI_API_KEY", "test-key")
        .governor("max-tokens-per-minute", 100)
        .governor("reject-on-limit", true)
        .run();

    assertThat(h.calls()).extracting(c -> c[2]).containsExactly("OK", "OK", "REJECTED");
    assertThat(h.statusLong("default", "total")).isEqualTo(server.totalTokensSent());
  }

  @Test
  void agentArgumentsConfigureTheAgentLikeSystemProperties() throws Exception {
    HostProcess h = openAiHost("threads=1", "calls=3")
        .agentArgs("max-tokens-per-minute=100,reject-on-limit=true")
        .run();

    assertThat(h.calls()).extracting(c -> c[2]).containsExactly("OK", "OK", "REJECTED");
  }

  @Test
  void anInvalidConfigurationIsReportedAndTheHostRunsUngoverned() throws Exception {
    HostProcess h = openAiHost("threads=1", "calls=2")
        .governor("max-token-per-minute", 100)
        .governor("max-concurrent-tasks", "abc")
        .run();

    assertThat(h.count("OK")).isEqualTo(2);
    assertThat(h.stdout()).contains("GOVERNOR active=false");
    String stderr = String.join("\n", h.stderr());
    assertThat(stderr)
        .contains("aiecs.governor.max-token-per-minute=100")
        .contains("did you mean aiecs.governor.max-tokens-per-minute")
        .contains("aiecs.governor.max-concurrent-tasks=abc")
        .contains("governance is DISABLED");
  }
}

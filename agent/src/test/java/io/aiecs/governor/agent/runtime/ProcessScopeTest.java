package io.aiecs.governor.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aiecs.governor.Limit;
import io.aiecs.governor.ResourceLimitExceededException;
import io.aiecs.governor.agent.attribution.AgentResolver;
import io.aiecs.governor.agent.config.AgentLimits;
import io.aiecs.governor.agent.limits.AgentLimiter;
import io.aiecs.governor.agent.limits.FakeTimeSource;
import io.aiecs.governor.agent.usage.UsageShape;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The process-wide scope: every agent's call must pass it too, and is charged to it too. */
class ProcessScopeTest {
  public record Usage(long totalTokens) {}

  public record Response(Optional<Usage> usage) {
    static Response of(long total) {
      return new Response(Optional.of(new Usage(total)));
    }
  }

  private final FakeTimeSource time = new FakeTimeSource();
  private final CallSiteRegistry sites = new CallSiteRegistry();
  private final int site = sites.register("test", "chat", UsageShape.of("usage", null, null, "totalTokens", null, null));

  private static AgentLimits tokens(long perMinute) {
    return new AgentLimits(AgentLimits.UNLIMITED, perMinute, AgentLimits.UNLIMITED, perMinute, true, true,
        Duration.ofSeconds(1));
  }

  private final AgentLimiter a = new AgentLimiter("a", tokens(1000), time);
  private final AgentLimiter b = new AgentLimiter("b", tokens(1000), time);
  private final AgentLimiter process = new AgentLimiter("global", tokens(150), time);
  private final CallGovernor governor = governor();

  private CallGovernor governor() {
    Map<String, AgentLimiter> limiters = new LinkedHashMap<>();
    limiters.put("a", a);
    limiters.put("b", b);
    var resolver = new AgentResolver<>(List.of(new AgentResolver.Rule("b", Pattern.compile("b-.*"))), "a",
        limiters::get);
    return new CallGovernor(limiters, process, resolver, sites, time, CallObserver.NOOP);
  }

  private void callAs(String thread, long tokens) throws Exception {
    RuntimeException[] failure = new RuntimeException[1];
    Thread t = new Thread(() -> {
      try {
        governor.exit(governor.enter(site, null, "r"), Response.of(tokens), null);
      } catch (RuntimeException e) {
        failure[0] = e;
      }
    }, thread);
    t.start();
    t.join();
    if (failure[0] != null) {
      throw failure[0];
    }
  }

  @Test
  void twoAgentsShareTheProcessBudget() throws Exception {
    callAs("a-1", 100);
    callAs("b-1", 100); // each agent is well within its own 1000, together they exceed the process's 150

    assertThatThrownBy(() -> callAs("a-2", 1))
        .isInstanceOfSatisfying(ResourceLimitExceededException.class, e -> {
          assertThat(e.limit()).isEqualTo(Limit.TOKENS_PER_MINUTE);
          assertThat(e.agentId()).isEqualTo("global");
        });
    assertThat(process.status().totalTokens()).isEqualTo(200);
    assertThat(a.status().totalTokens()).isEqualTo(100);
    assertThat(b.status().totalTokens()).isEqualTo(100);
    assertThat(a.status().rejectedCalls()).as("the refused call counts against its agent").isEqualTo(1);
    assertThat(a.status().admittedCalls()).isEqualTo(1);
    assertThat(a.status().activeTasks()).as("the agent's admission was rolled back").isZero();
  }

  @Test
  void anAgentRefusalNeverTouchesTheProcessScope() throws Exception {
    AgentLimiter small = new AgentLimiter("a", tokens(10), time);
    Map<String, AgentLimiter> limiters = Map.of("a", small);
    CallGovernor g = new CallGovernor(limiters, process, new AgentResolver<>(List.of(), "a", limiters::get), sites,
        time, CallObserver.NOOP);
    g.exit(g.enter(site, null, "r"), Response.of(50), null);

    assertThatThrownBy(() -> g.enter(site, null, "r"))
        .isInstanceOfSatisfying(ResourceLimitExceededException.class, e -> assertThat(e.agentId()).isEqualTo("a"));
    assertThat(process.status().admittedCalls()).isEqualTo(1);
    assertThat(process.status().rejectedCalls()).isZero();
  }

  @Test
  void statusAndAwaitResourcesIncludeTheProcessScope() throws Exception {
    callAs("b-1", 200); // the process budget (150) is now 50 in debt; agent a has spent nothing

    var status = governor.status("a");
    assertThat(status.available()).isFalse();
    assertThat(status.limitingFactor()).isEqualTo(Limit.TOKENS_PER_MINUTE);
    assertThat(status.reason()).startsWith("process-wide:");
    assertThat(status.tokensLeftPerMinute()).as("the agent's own figures are kept").isEqualTo(1000);
    // 51 tokens at 150 per minute = 20.4 s
    assertThat(status.retryAfter()).isEqualTo(Duration.ofMillis(20_400));

    assertThat(governor.awaitResources("a", Duration.ofSeconds(5))).isFalse();
    assertThat(governor.awaitResources("a", Duration.ofSeconds(30))).isTrue();
    assertThat(governor.status("a").available()).isTrue();
    assertThatThrownBy(() -> governor.awaitResources("nobody", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

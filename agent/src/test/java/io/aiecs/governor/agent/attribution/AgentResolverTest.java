package io.aiecs.governor.agent.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AgentResolverTest {
  private final AtomicInteger lookups = new AtomicInteger();
  private final AgentResolver<String> resolver = new AgentResolver<>(List.of(
      new AgentResolver.Rule("research", Pattern.compile("research-.*")),
      new AgentResolver.Rule("catchall-research", Pattern.compile("research-worker-.*")),
      new AgentResolver.Rule("chatty", Pattern.compile("chatty-\\d+"))),
      "default", id -> {
        lookups.incrementAndGet();
        return "limiter:" + id;
      });

  @Test
  void firstMatchingRuleWinsElseTheDefaultAgent() {
    assertThat(resolver.agentIdFor("research-worker-1")).isEqualTo("research");
    assertThat(resolver.agentIdFor("chatty-3")).isEqualTo("chatty");
    assertThat(resolver.agentIdFor("chatty-x")).as("whole-name match").isEqualTo("default");
    assertThat(resolver.agentIdFor("main")).isEqualTo("default");
  }

  @Test
  void currentThreadIsResolvedOnceAndAgainAfterARename() {
    Thread me = Thread.currentThread();
    String original = me.getName();
    try {
      me.setName("chatty-1");
      assertThat(resolver.current()).isEqualTo("limiter:chatty");
      assertThat(resolver.current()).isEqualTo("limiter:chatty");
      assertThat(lookups.get()).as("cached while the name stays").isEqualTo(1);

      me.setName("research-9");
      assertThat(resolver.current()).isEqualTo("limiter:research");
      assertThat(resolver.currentId()).isEqualTo("research");
      assertThat(lookups.get()).isEqualTo(2);
    } finally {
      me.setName(original);
    }
  }

  /** Stands for application code that calls an LLM client. */
  static final class ResearchAgent {
    String run(AgentResolver<String> resolver) {
      return resolver.currentId();
    }
  }

  @Test
  void theNearestFrameACallerRuleMatchesDecidesBeforeTheThreadName() {
    AgentResolver<String> byCaller = new AgentResolver<>(
        List.of(io.aiecs.governor.agent.config.CallerRule.of("research",
            ResearchAgent.class.getName() + "#run")),
        List.of(new AgentResolver.Rule("chatty", Pattern.compile(".*"))), "default", id -> "limiter:" + id);

    assertThat(new ResearchAgent().run(byCaller)).isEqualTo("research");
    assertThat(byCaller.currentId()).as("not called from ResearchAgent.run: the thread rule").isEqualTo("chatty");
  }

  @Test
  void modelRulesDecideOnlyWhenNoCallerOrThreadRuleDid() {
    AgentResolver<String> byModel = new AgentResolver<>(List.of(),
        List.of(new AgentResolver.Rule("chatty", Pattern.compile("chatty-.*"))),
        List.of(new io.aiecs.governor.agent.config.ModelRule("reasoning", Pattern.compile("o[0-9].*"))),
        "default", id -> "limiter:" + id);
    Thread me = Thread.currentThread();
    String original = me.getName();
    try {
      me.setName("main-like");
      assertThat(byModel.current("o3-mini", m -> m)).isEqualTo("limiter:reasoning");
      assertThat(byModel.current("gpt-4o", m -> m)).isEqualTo("limiter:default");
      assertThat(byModel.current((String) null, m -> m)).isEqualTo("limiter:default");
      me.setName("chatty-1");
      assertThat(byModel.current("o3-mini", m -> m)).as("a thread rule decides first").isEqualTo("limiter:chatty");
    } finally {
      me.setName(original);
    }
  }
}

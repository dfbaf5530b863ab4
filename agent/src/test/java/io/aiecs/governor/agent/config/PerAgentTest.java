package io.aiecs.governor.agent.config;

import static io.aiecs.governor.agent.config.Sources.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PerAgentTest {

  @Test
  void agentValueBeatsGlobalValueAndInheritsTheRest() {
    ConfigResult r = Sources.args("max-tokens-per-minute=1000,max-concurrent-tasks=8,reject-on-limit=true,"
        + "agent.bot.max-tokens-per-minute=100,agent.bot.enforce-limits=false");

    GovernorConfig c = r.config();
    AgentLimits bot = c.limitsFor("bot");
    assertThat(bot.maxTokensPerMinute()).isEqualTo(100);
    assertThat(bot.enforceLimits()).isFalse();
    assertThat(bot.maxConcurrentTasks()).as("inherited").isEqualTo(8);
    assertThat(bot.rejectOnLimit()).as("inherited").isTrue();
    assertThat(c.limitsFor("default").maxTokensPerMinute()).isEqualTo(1000);
    assertThat(c.limitsFor("default").enforceLimits()).isTrue();
  }

  @Test
  void agentValueFromALowerSourceStillBeatsAGlobalValueFromAHigherOne() {
    ConfigResult r = ConfigLoader.load("max-tokens-per-minute=1000", Map.of(),
        map("AIECS_GOVERNOR_AGENT_BOT_MAX_TOKENS_PER_MINUTE", "10"));

    assertThat(r.config().limitsFor("bot").maxTokensPerMinute()).isEqualTo(10);
    assertThat(r.config().limitsFor("default").maxTokensPerMinute()).isEqualTo(1000);
  }

  @Test
  void unlimitedLiftsAGlobalLimitForOneAgent() {
    ConfigResult r = Sources.args("max-tokens-per-minute=1000,max-concurrent-tasks=2,"
        + "agent.batch.max-tokens-per-minute=unlimited,agent.batch.max-concurrent-tasks=UNLIMITED");

    AgentLimits batch = r.config().limitsFor("batch");
    assertThat(batch.maxTokensPerMinute()).isEqualTo(AgentLimits.UNLIMITED);
    assertThat(batch.tokenBurstSize()).isEqualTo(AgentLimits.UNLIMITED);
    assertThat(batch.maxConcurrentTasks()).isEqualTo(AgentLimits.UNLIMITED);
    assertThat(batch.hasTokenLimit()).isFalse();
  }

  @Test
  void burstDefaultsToTheMergedPerMinuteLimit() {
    ConfigResult r = Sources.args("max-tokens-per-minute=1000,agent.bot.max-tokens-per-minute=100,"
        + "agent.big.token-burst-size=5000");

    assertThat(r.problems()).isEmpty();
    assertThat(r.config().limitsFor("default").tokenBurstSize()).isEqualTo(1000);
    assertThat(r.config().limitsFor("bot").tokenBurstSize()).isEqualTo(100);
    assertThat(r.config().limitsFor("big").tokenBurstSize()).isEqualTo(5000);
    assertThat(r.config().globalLimits().tokenBurstSize()).isEqualTo(1000);
  }

  @Test
  void agentsAreListedDefaultFirstThenSorted() {
    ConfigResult r = Sources.args("agent.zeta.max-tokens-per-hour=1,agent.alpha.max-tokens-per-hour=2,"
        + "agent.mid.match.thread=m.*");

    assertThat(r.config().agents().keySet()).containsExactly("default", "alpha", "mid", "zeta");
  }

  @Test
  void unknownAgentGetsTheGlobalLimits() {
    GovernorConfig c = Sources.args("max-tokens-per-hour=50,agent.bot.max-tokens-per-hour=5").config();

    assertThat(c.limitsFor("nobody")).isEqualTo(c.globalLimits());
    assertThat(c.limitsFor("nobody").maxTokensPerHour()).isEqualTo(50);
    assertThat(c.agents()).doesNotContainKey("nobody");
  }

  @Test
  void defaultAgentCanBeRenamedAndHaveItsOwnOverrides() {
    GovernorConfig c = Sources.args("default-agent=main,max-tokens-per-hour=50,agent.main.max-tokens-per-hour=7")
        .config();

    assertThat(c.defaultAgent()).isEqualTo("main");
    assertThat(c.agents().keySet()).containsExactly("main");
    assertThat(c.limitsFor("main").maxTokensPerHour()).isEqualTo(7);
    assertThat(c.agentForThread("anything")).isEqualTo("main");
  }

  @Test
  void defaultAgentStaysFirstEvenWhenOthersSortBeforeIt() {
    GovernorConfig c = Sources.args("default-agent=zz,agent.aa.max-tokens-per-hour=1,agent.zz.max-tokens-per-hour=2")
        .config();

    assertThat(c.agents().keySet()).containsExactly("zz", "aa");
  }

  @Test
  void threadRulesAreOrderedByAgentIdAndFirstMatchWins() {
    GovernorConfig c = Sources.args("agent.writer.match.thread=.*-worker,agent.analyst.match.thread=analysis-.*")
        .config();

    assertThat(c.threadRules()).extracting(ThreadRule::agentId).containsExactly("analyst", "writer");
    assertThat(c.agentForThread("analysis-worker")).as("both match; analyst sorts first").isEqualTo("analyst");
    assertThat(c.agentForThread("io-worker")).isEqualTo("writer");
    assertThat(c.agentForThread("worker")).as("full match, not find").isEqualTo("default");
    assertThat(c.agentForThread("main")).isEqualTo("default");
  }

  @Test
  void perAgentWaitTimeoutAcceptsDecimals() {
    AgentLimits bot = Sources.args("agent.bot.resource-wait-timeout-seconds=0.5").config().limitsFor("bot");

    assertThat(bot.resourceWaitTimeout()).isEqualTo(Duration.ofMillis(500));
  }
}

package io.aiecs.governor.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Tool calls, memory, task timeout, throttling and reject-as: values, per-agent overrides and spellings. */
class LimitKeysTest {

  @Test
  void toolCallLimitsAreWholeNumbersOrUnlimited() {
    GovernorConfig c = Sources.args("max-tool-calls-per-minute=30,max-tool-calls-per-hour=UNLIMITED,"
        + "agent.bot.max-tool-calls-per-hour=100,agent.free.max-tool-calls-per-minute=unlimited").config();

    assertThat(c.globalLimits().maxToolCallsPerMinute()).isEqualTo(30);
    assertThat(c.globalLimits().maxToolCallsPerHour()).isEqualTo(AgentLimits.UNLIMITED);
    assertThat(c.globalLimits().hasToolCallLimit()).isTrue();
    assertThat(c.limitsFor("bot").maxToolCallsPerMinute()).as("inherited").isEqualTo(30);
    assertThat(c.limitsFor("bot").maxToolCallsPerHour()).isEqualTo(100);
    assertThat(c.limitsFor("free").hasToolCallLimit()).as("lifted").isFalse();
    assertThat(c.limitsFor("free").hasTokenLimit()).as("tool calls are not tokens").isFalse();
  }

  @Test
  void memoryLimitIsInMebibytes() {
    GovernorConfig c = Sources.args("max-memory-mb=512,agent.big.max-memory-mb=8796093022207").config();

    assertThat(c.globalLimits().maxMemoryMb()).isEqualTo(512);
    assertThat(c.globalLimits().hasMemoryLimit()).isTrue();
    assertThat(c.limitsFor("big").maxMemoryMb()).isEqualTo(AgentLimits.MAX_MEMORY_MB);
    assertThat(GovernorConfig.defaults().globalLimits().hasMemoryLimit()).isFalse();
  }

  @Test
  void taskTimeoutIsDecimalSecondsAndNoneOrUnlimitedLiftsIt() {
    GovernorConfig c = Sources.args("task-timeout-seconds=2.5,agent.a.task-timeout-seconds=none,"
        + "agent.b.task-timeout-seconds=Unlimited,agent.c.task-timeout-seconds=.001,agent.d.max-tokens-per-hour=1")
        .config();

    assertThat(c.globalLimits().taskTimeout()).isEqualTo(Duration.ofMillis(2500));
    assertThat(c.globalLimits().hasTaskTimeout()).isTrue();
    assertThat(c.limitsFor("a").taskTimeout()).isNull();
    assertThat(c.limitsFor("a").hasTaskTimeout()).isFalse();
    assertThat(c.limitsFor("b").taskTimeout()).isNull();
    assertThat(c.limitsFor("c").taskTimeout()).isEqualTo(Duration.ofMillis(1));
    assertThat(c.limitsFor("d").taskTimeout()).as("inherited").isEqualTo(Duration.ofMillis(2500));
    assertThat(Sources.args("task-timeout-seconds=0.000000001").config().globalLimits().taskTimeout())
        .isEqualTo(Duration.ofNanos(1));
  }

  @Test
  void throttleThresholdIsAFractionAndOffMeansOne() {
    GovernorConfig c = Sources.args("throttle-threshold=0.8,agent.a.throttle-threshold=OFF,"
        + "agent.b.throttle-threshold=1,agent.c.throttle-threshold=.5").config();

    assertThat(c.globalLimits().throttleThreshold()).isEqualTo(0.8);
    assertThat(c.globalLimits().throttles()).isTrue();
    assertThat(c.limitsFor("a").throttleThreshold()).isEqualTo(1.0);
    assertThat(c.limitsFor("a").throttles()).isFalse();
    assertThat(c.limitsFor("b").throttles()).isFalse();
    assertThat(c.limitsFor("c").throttleThreshold()).isEqualTo(0.5);
  }

  @Test
  void rejectAsIsGovernorOrClientInAnyCase() {
    GovernorConfig c = Sources.args("reject-as=Client,agent.bot.reject-as=GOVERNOR,agent.other.max-tokens-per-hour=1")
        .config();

    assertThat(c.globalLimits().rejectAs()).isEqualTo(RejectAs.CLIENT);
    assertThat(c.limitsFor("bot").rejectAs()).isEqualTo(RejectAs.GOVERNOR);
    assertThat(c.limitsFor("other").rejectAs()).as("inherited").isEqualTo(RejectAs.CLIENT);
    assertThat(GovernorConfig.defaults().globalLimits().rejectAs()).isEqualTo(RejectAs.GOVERNOR);
  }

  @Test
  void snakeCaseAndEnvironmentSpellingsWork() {
    ConfigResult r = ConfigLoader.load("max_tool_calls_per_minute=7,reject_as=client",
        Sources.map("aiecs.governor.throttle_threshold", "0.9"),
        Sources.map("AIECS_GOVERNOR_AGENT_RESEARCH_BOT_TASK_TIMEOUT_SECONDS", "30",
            "AIECS_GOVERNOR_MAX_MEMORY_MB", "1024"));

    assertThat(r.problems()).isEmpty();
    GovernorConfig c = r.config();
    assertThat(c.globalLimits().maxToolCallsPerMinute()).isEqualTo(7);
    assertThat(c.globalLimits().rejectAs()).isEqualTo(RejectAs.CLIENT);
    assertThat(c.globalLimits().throttleThreshold()).isEqualTo(0.9);
    assertThat(c.globalLimits().maxMemoryMb()).isEqualTo(1024);
    assertThat(c.limitsFor("research_bot").taskTimeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void aHigherSourceCanLiftATaskTimeoutSetBelow() {
    ConfigResult r = ConfigLoader.load("task-timeout-seconds=none", Sources.map(),
        Sources.map("AIECS_GOVERNOR_TASK_TIMEOUT_SECONDS", "10"));

    assertThat(r.config().globalLimits().taskTimeout()).isNull();
  }
}

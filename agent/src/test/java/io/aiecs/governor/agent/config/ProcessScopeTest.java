package io.aiecs.governor.agent.config;

import static io.aiecs.governor.agent.config.Sources.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code aiecs.governor.global.<key>}: the limits of all agents together. */
class ProcessScopeTest {

  @Test
  void withoutGlobalKeysThereIsNoProcessScope() {
    GovernorConfig c = Sources.args("max-tokens-per-minute=100,max-concurrent-tasks=2,reject-on-limit=true,"
        + "reject-as=client,agent.bot.max-tokens-per-hour=5").config();

    assertThat(c.processLimits()).isEmpty();
  }

  @Test
  void plainLimitsAreEachAgentsDefaultAndDoNotBecomeProcessLimits() {
    GovernorConfig c = Sources.args("max-tokens-per-minute=100,token-burst-size=150,max-tokens-per-hour=1000,"
        + "max-concurrent-tasks=4,max-tool-calls-per-minute=10,max-tool-calls-per-hour=100,max-memory-mb=256,"
        + "task-timeout-seconds=5,global.max-tokens-per-hour=100000").config();

    AgentLimits process = c.processLimits().orElseThrow();
    assertThat(process.maxTokensPerHour()).isEqualTo(100_000);
    assertThat(process.maxTokensPerMinute()).isEqualTo(AgentLimits.UNLIMITED);
    assertThat(process.tokenBurstSize()).isEqualTo(AgentLimits.UNLIMITED);
    assertThat(process.maxConcurrentTasks()).isEqualTo(AgentLimits.UNLIMITED);
    assertThat(process.maxToolCallsPerMinute()).isEqualTo(AgentLimits.UNLIMITED);
    assertThat(process.maxToolCallsPerHour()).isEqualTo(AgentLimits.UNLIMITED);
    assertThat(process.maxMemoryMb()).isEqualTo(AgentLimits.UNLIMITED);
    assertThat(process.taskTimeout()).isNull();
    AgentLimits agent = c.limitsFor("default");
    assertThat(agent.maxTokensPerMinute()).as("each agent").isEqualTo(100);
    assertThat(agent.maxTokensPerHour()).as("global. does not reach the agents").isEqualTo(1000);
  }

  @Test
  void plainModesAreSharedWithTheProcessScope() {
    GovernorConfig c = Sources.args("enforce-limits=false,reject-on-limit=true,resource-wait-timeout-seconds=2,"
        + "throttle-threshold=0.5,reject-as=client,global.max-concurrent-tasks=20").config();

    AgentLimits process = c.processLimits().orElseThrow();
    assertThat(process.maxConcurrentTasks()).isEqualTo(20);
    assertThat(process.enforceLimits()).isFalse();
    assertThat(process.rejectOnLimit()).isTrue();
    assertThat(process.resourceWaitTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(process.throttleThreshold()).isEqualTo(0.5);
    assertThat(process.rejectAs()).isEqualTo(RejectAs.CLIENT);
  }

  @Test
  void globalModesBeatThePlainOnesForTheProcessOnly() {
    GovernorConfig c = Sources.args("reject-on-limit=true,reject-as=client,throttle-threshold=0.5,"
        + "global.reject-on-limit=false,global.reject-as=governor,global.throttle-threshold=off,"
        + "global.resource-wait-timeout-seconds=0.5").config();

    AgentLimits process = c.processLimits().orElseThrow();
    assertThat(process.rejectOnLimit()).isFalse();
    assertThat(process.rejectAs()).isEqualTo(RejectAs.GOVERNOR);
    assertThat(process.throttles()).isFalse();
    assertThat(process.resourceWaitTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.globalLimits().rejectOnLimit()).isTrue();
    assertThat(c.globalLimits().rejectAs()).isEqualTo(RejectAs.CLIENT);
    assertThat(c.globalLimits().resourceWaitTimeout()).isEqualTo(ConfigAssembler.DEFAULT_WAIT);
  }

  @Test
  void agentSettingsDoNotReachTheProcessScope() {
    GovernorConfig c = Sources.args("agent.default.reject-on-limit=true,agent.bot.max-tokens-per-minute=5,"
        + "global.max-tokens-per-minute=50").config();

    AgentLimits process = c.processLimits().orElseThrow();
    assertThat(process.maxTokensPerMinute()).isEqualTo(50);
    assertThat(process.tokenBurstSize()).isEqualTo(50);
    assertThat(process.rejectOnLimit()).isFalse();
  }

  @Test
  void anyGlobalKeyCreatesTheProcessScope() {
    GovernorConfig c = Sources.args("global.enforce-limits=false").config();

    assertThat(c.processLimits()).contains(new AgentLimits(AgentLimits.UNLIMITED, AgentLimits.UNLIMITED,
        AgentLimits.UNLIMITED, AgentLimits.UNLIMITED, false, false, ConfigAssembler.DEFAULT_WAIT));
  }

  @Test
  void everyNewLimitCanBeSetProcessWide() {
    GovernorConfig c = Sources.args("global.max-tool-calls-per-minute=60,global.max-tool-calls-per-hour=600,"
        + "global.max-memory-mb=2048,global.task-timeout-seconds=120,global.token-burst-size=900,"
        + "global.max-tokens-per-minute=300").config();

    AgentLimits process = c.processLimits().orElseThrow();
    assertThat(process.maxToolCallsPerMinute()).isEqualTo(60);
    assertThat(process.maxToolCallsPerHour()).isEqualTo(600);
    assertThat(process.maxMemoryMb()).isEqualTo(2048);
    assertThat(process.taskTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(process.tokenBurstSize()).isEqualTo(900);
  }

  @Test
  void environmentVariableSetsTheProcessScope() {
    ConfigResult r = Sources.env("AIECS_GOVERNOR_GLOBAL_MAX_TOKENS_PER_MINUTE", "1000",
        "AIECS_GOVERNOR_MAX_TOKENS_PER_MINUTE", "100");

    assertThat(r.problems()).isEmpty();
    assertThat(r.config().processLimits().orElseThrow().maxTokensPerMinute()).isEqualTo(1000);
    assertThat(r.config().limitsFor("default").maxTokensPerMinute()).isEqualTo(100);
    assertThat(r.effectiveSettings()).containsExactly(
        "aiecs.governor.global.max-tokens-per-minute=1000 "
            + "(environment variable AIECS_GOVERNOR_GLOBAL_MAX_TOKENS_PER_MINUTE)",
        "aiecs.governor.max-tokens-per-minute=100 (environment variable AIECS_GOVERNOR_MAX_TOKENS_PER_MINUTE)");
  }

  @Test
  void systemPropertyFileAndSnakeCaseFormsWork(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("g.properties");
    Files.writeString(f, "global.max-concurrent-tasks=10\naiecs.governor.global.max_tool_calls_per_hour=99\n");

    ConfigResult r = ConfigLoader.load(null, map("aiecs.governor.global.max_tokens_per_hour", "7",
        "aiecs.governor.config-file", f.toString()), Map.of());

    assertThat(r.problems()).isEmpty();
    AgentLimits process = r.config().processLimits().orElseThrow();
    assertThat(process.maxTokensPerHour()).isEqualTo(7);
    assertThat(process.maxConcurrentTasks()).isEqualTo(10);
    assertThat(process.maxToolCallsPerHour()).isEqualTo(99);
  }

  @Test
  void precedenceIsPerExactKeyAtTheProcessLevelToo() {
    ConfigResult r = ConfigLoader.load("global.max-tokens-per-hour=1", Map.of(),
        map("AIECS_GOVERNOR_GLOBAL_MAX_TOKENS_PER_HOUR", "lots", "AIECS_GOVERNOR_GLOBAL_MAX_CONCURRENT_TASKS", "3"));

    assertThat(r.problems()).as("the bad lower value is overridden").isEmpty();
    assertThat(r.config().processLimits().orElseThrow().maxTokensPerHour()).isEqualTo(1);
    assertThat(r.config().processLimits().orElseThrow().maxConcurrentTasks()).isEqualTo(3);
  }

  @Test
  void processBurstNeedsAProcessPerMinuteLimitNotAPlainOne() {
    assertThat(Sources.args("max-tokens-per-minute=100,global.token-burst-size=300").problems()).containsExactly(
        "aiecs.governor.global.token-burst-size=300 (agent argument): "
            + "only valid when global.max-tokens-per-minute is set");
    assertThat(Sources.args("global.max-tokens-per-minute=x,global.token-burst-size=300").problems())
        .as("no second line for the same mistake").containsExactly(
            "aiecs.governor.global.max-tokens-per-minute=x (agent argument): not a whole number >= 1 or unlimited");
  }

  @Test
  void plainBurstDoesNotBecomeTheProcessBurst() {
    GovernorConfig c = Sources.args("max-tokens-per-minute=100,token-burst-size=300,global.max-tokens-per-minute=50")
        .config();

    assertThat(c.processLimits().orElseThrow().tokenBurstSize()).isEqualTo(50);
    assertThat(c.globalLimits().tokenBurstSize()).isEqualTo(300);
  }

  @Test
  void globalOnlyKeysCannotBeSetProcessWide() {
    assertThat(Sources.args("global.log-level=debug").problems()).containsExactly(
        "aiecs.governor.global.log-level=debug (agent argument): "
            + "log-level cannot be set process-wide; use aiecs.governor.log-level");
    assertThat(Sources.sys("aiecs.governor.global.tool-methods", "a.B#c").problems()).containsExactly(
        "aiecs.governor.global.tool-methods=a.B#c (system property): "
            + "tool-methods cannot be set process-wide; use aiecs.governor.tool-methods");
    assertThat(Sources.env("AIECS_GOVERNOR_GLOBAL_ENABLED", "false").problems()).containsExactly(
        "aiecs.governor.global.enabled=false (environment variable AIECS_GOVERNOR_GLOBAL_ENABLED): "
            + "enabled cannot be set process-wide; use AIECS_GOVERNOR_ENABLED");
  }

  @Test
  void agentOnlyKeysCannotBeSetProcessWide() {
    assertThat(Sources.args("global.match.thread=x").problems()).containsExactly(
        "aiecs.governor.global.match.thread=x (agent argument): "
            + "match.thread is set per agent only; use aiecs.governor.agent.<id>.match.thread");
    assertThat(Sources.env("AIECS_GOVERNOR_GLOBAL_ENTRY", "a.B#c").problems()).containsExactly(
        "aiecs.governor.global.entry=a.B#c (environment variable AIECS_GOVERNOR_GLOBAL_ENTRY): "
            + "entry is set per agent only; use AIECS_GOVERNOR_AGENT_<ID>_ENTRY");
  }

  @Test
  void anAgentMayBeCalledGlobal() {
    ConfigResult r = ConfigLoader.load("agent.global.max-tokens-per-minute=5", Map.of(),
        map("AIECS_GOVERNOR_AGENT_GLOBAL_MAX_TOKENS_PER_HOUR", "6"));

    assertThat(r.problems()).isEmpty();
    assertThat(r.config().processLimits()).isEmpty();
    assertThat(r.config().limitsFor("global").maxTokensPerMinute()).isEqualTo(5);
    assertThat(r.config().limitsFor("global").maxTokensPerHour()).isEqualTo(6);
  }

  @Test
  void misspeltGlobalFormsSuggestTheGlobalKey() {
    assertThat(Sources.args("globl.max-tokens-per-minute=5").problems()).containsExactly(
        "aiecs.governor.globl.max-tokens-per-minute=5 (agent argument): unknown key; "
            + "did you mean aiecs.governor.global.max-tokens-per-minute?");
    assertThat(Sources.sys("aiecs.governor.global.max-token-per-minute", "5").problems()).containsExactly(
        "aiecs.governor.global.max-token-per-minute=5 (system property): unknown key; "
            + "did you mean aiecs.governor.global.max-tokens-per-minute?");
    assertThat(Sources.args("global-reject-as=client").problems()).containsExactly(
        "aiecs.governor.global-reject-as=client (agent argument): unknown key; "
            + "did you mean aiecs.governor.global.reject-as?");
    assertThat(Sources.args("global.colour=red").problems()).containsExactly(
        "aiecs.governor.global.colour=red (agent argument): unknown key");
  }

  @Test
  void misspeltGlobalVariablesGetSuggestionsSpelledAsVariables() {
    assertThat(Sources.env("AIECS_GOVERNOR_GLOBAL_MAX_TOKEN_PER_MINUTE", "5").problems()).containsExactly(
        "aiecs.governor.global.max-token-per-minute=5 (environment variable "
            + "AIECS_GOVERNOR_GLOBAL_MAX_TOKEN_PER_MINUTE): unknown key; "
            + "did you mean AIECS_GOVERNOR_GLOBAL_MAX_TOKENS_PER_MINUTE?");
    assertThat(Sources.env("AIECS_GOVERNOR_GLOBL_MAX_TOKENS_PER_MINUTE", "5").problems()).containsExactly(
        "aiecs.governor.globl-max-tokens-per-minute=5 (environment variable "
            + "AIECS_GOVERNOR_GLOBL_MAX_TOKENS_PER_MINUTE): unknown key; "
            + "did you mean AIECS_GOVERNOR_GLOBAL_MAX_TOKENS_PER_MINUTE?");
  }

  @Test
  void processScopeTakesPartInEquality() {
    assertThat(Sources.args("global.max-tokens-per-hour=5").config())
        .isEqualTo(Sources.args("global.max-tokens-per-hour=5").config())
        .isNotEqualTo(Sources.args("global.max-tokens-per-hour=6").config())
        .isNotEqualTo(GovernorConfig.defaults());
  }
}

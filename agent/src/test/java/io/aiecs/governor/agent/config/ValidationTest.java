package io.aiecs.governor.agent.config;

import static io.aiecs.governor.agent.config.Sources.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValidationTest {

  /** Each bad value, given as a system property at any level, yields exactly this one line. */
  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
      "enabled                       | yes     | not true or false",
      "enforce-limits                | 1       | not true or false",
      "reject-on-limit               | ''      | not true or false",
      "max-concurrent-tasks          | 0       | not a whole number >= 1 or unlimited",
      "max-concurrent-tasks          | 2.5     | not a whole number >= 1 or unlimited",
      "max-concurrent-tasks          | 3000000000 | too large (at most 2147483647)",
      "max-tokens-per-minute         | abc     | not a whole number >= 1 or unlimited",
      "max-tokens-per-minute         | -5      | not a whole number >= 1 or unlimited",
      "max-tokens-per-hour           | 0       | not a whole number >= 1 or unlimited",
      "max-tokens-per-hour           | 99999999999999999999 | too large (at most 9223372036854775807)",
      "resource-wait-timeout-seconds | -1      | not a number of seconds >= 0",
      "resource-wait-timeout-seconds | 1e3     | not a number of seconds >= 0",
      "resource-wait-timeout-seconds | 10000000000 | too large (at most 9223372036 seconds)",
      "default-agent                 | my bot  | not a valid agent id (letters, digits, _ and - only)",
      "default-agent                 | a.b     | not a valid agent id (letters, digits, _ and - only)",
      "log-level                     | trace   | not one of error, warn, info, debug",
      "max-tool-calls-per-minute     | 0       | not a whole number >= 1 or unlimited",
      "max-tool-calls-per-hour       | many    | not a whole number >= 1 or unlimited",
      "max-memory-mb                 | 1.5     | not a whole number >= 1 or unlimited",
      "max-memory-mb                 | 8796093022208 | too large (at most 8796093022207)",
      "task-timeout-seconds          | 0       | not a number of seconds > 0, none or unlimited",
      "task-timeout-seconds          | -2      | not a number of seconds > 0, none or unlimited",
      "task-timeout-seconds          | 5s      | not a number of seconds > 0, none or unlimited",
      "task-timeout-seconds          | 0.0000000001 | too small (at least 0.000000001 seconds)",
      "task-timeout-seconds          | 10000000000 | too large (at most 9223372036 seconds)",
      "throttle-threshold            | 0       | not a decimal > 0 and <= 1, or off",
      "throttle-threshold            | 1.01    | not a decimal > 0 and <= 1, or off",
      "throttle-threshold            | 80%     | not a decimal > 0 and <= 1, or off",
      "throttle-threshold            | on      | not a decimal > 0 and <= 1, or off",
      "reject-as                     | library | not governor or client",
      "tool-methods                  | com.example.Tools | bad entry \"com.example.Tools\" "
          + "(expected fully.qualified.Class#method or fully.qualified.Class#*)",
      "tool-methods                  | a.B#x, a..C#y; 1a.D#z | bad entries \"a..C#y\", \"1a.D#z\" "
          + "(expected fully.qualified.Class#method or fully.qualified.Class#*)",
      "tool-methods                  | a.B#run() | bad entry \"a.B#run()\" "
          + "(expected fully.qualified.Class#method or fully.qualified.Class#*)",
      "tool-methods                  | a.B#    | bad entry \"a.B#\" "
          + "(expected fully.qualified.Class#method or fully.qualified.Class#*)",
      "agent.bot.entry               | a.B#*   | bad entry \"a.B#*\" (expected fully.qualified.Class#method)",
      "agent.bot.entry               | a.B     | bad entry \"a.B\" (expected fully.qualified.Class#method)",
      "agent.bot.entry               | #run    | bad entry \"#run\" (expected fully.qualified.Class#method)",
      "agent.bot.match.caller        | com.example. | bad entry \"com.example.\" "
          + "(expected a package, fully.qualified.Class or fully.qualified.Class#method)",
      "agent.bot.match.caller        | a.B#*   | bad entry \"a.B#*\" "
          + "(expected a package, fully.qualified.Class or fully.qualified.Class#method)",
      "agent.bot.match.caller        | com/example | bad entry \"com/example\" "
          + "(expected a package, fully.qualified.Class or fully.qualified.Class#method)",
      "agent.bot.match.model         | gpt-(   | not a valid regular expression (Unclosed group near index 5)",
      "agent.bot.match.model         | ''      | not a valid regular expression (empty)",
      "agent.bot.reject-as           | server  | not governor or client",
      "global.max-tokens-per-minute  | 0       | not a whole number >= 1 or unlimited",
      "global.throttle-threshold     | 2       | not a decimal > 0 and <= 1, or off",
      "global.task-timeout-seconds   | soon    | not a number of seconds > 0, none or unlimited",
  })
  void badValue(String key, String value, String reason) {
    ConfigResult r = Sources.sys("aiecs.governor." + key, value);

    assertThat(r.problems()).containsExactly(
        "aiecs.governor." + key + "=" + value + " (system property): " + reason);
    assertThat(r.valid()).isFalse();
  }

  @Test
  void badTokenBurstSize() {
    assertThat(Sources.args("max-tokens-per-minute=10,token-burst-size=unlimited").problems()).containsExactly(
        "aiecs.governor.token-burst-size=unlimited (agent argument): not a whole number >= 1");
    assertThat(Sources.args("max-tokens-per-minute=10,token-burst-size=0").problems()).containsExactly(
        "aiecs.governor.token-burst-size=0 (agent argument): not a whole number >= 1");
  }

  @Test
  void badRegex() {
    assertThat(Sources.args("agent.bot.match.thread=worker-(").problems()).containsExactly(
        "aiecs.governor.agent.bot.match.thread=worker-( (agent argument): "
            + "not a valid regular expression (Unclosed group near index 8)");
    assertThat(Sources.args("agent.bot.match.thread=").problems()).containsExactly(
        "aiecs.governor.agent.bot.match.thread= (agent argument): not a valid regular expression (empty)");
  }

  @Test
  void badAgentIdInKey() {
    assertThat(Sources.sys("aiecs.governor.agent.my bot.max-tokens-per-hour", "5").problems()).containsExactly(
        "aiecs.governor.agent.my bot.max-tokens-per-hour=5 (system property): "
            + "invalid agent id \"my bot\" (letters, digits, _ and - only)");
    assertThat(Sources.args("agent..max-tokens-per-hour=5").problems()).containsExactly(
        "aiecs.governor.agent..max-tokens-per-hour=5 (agent argument): "
            + "invalid agent id \"\" (letters, digits, _ and - only)");
  }

  @Test
  void globalOnlyKeyPerAgent() {
    assertThat(Sources.args("agent.bot.log-level=debug").problems()).containsExactly(
        "aiecs.governor.agent.bot.log-level=debug (agent argument): "
            + "log-level cannot be set per agent; use aiecs.governor.log-level");
  }

  @Test
  void agentOnlyKeyGlobally() {
    assertThat(Sources.sys("aiecs.governor.match.thread", "x").problems()).containsExactly(
        "aiecs.governor.match.thread=x (system property): "
            + "match.thread is set per agent only; use aiecs.governor.agent.<id>.match.thread");
  }

  @Test
  void burstWithoutPerMinuteLimitGlobally() {
    assertThat(Sources.sys("aiecs.governor.token-burst-size", "100").problems()).containsExactly(
        "aiecs.governor.token-burst-size=100 (system property): only valid when max-tokens-per-minute is set");
  }

  @Test
  void burstWithoutPerMinuteLimitForAnAgent() {
    assertThat(Sources.args("agent.bot.token-burst-size=100,max-tokens-per-hour=5").problems()).containsExactly(
        "aiecs.governor.agent.bot.token-burst-size=100 (agent argument): "
            + "only valid when max-tokens-per-minute is set for agent bot");
  }

  @Test
  void inheritedBurstIsReportedOnceForEveryAgentThatLiftsThePerMinuteLimit() {
    ConfigResult r = Sources.args("max-tokens-per-minute=100,token-burst-size=200,"
        + "agent.a.max-tokens-per-minute=unlimited,agent.b.max-tokens-per-minute=unlimited,agent.c.max-tokens-per-hour=1");

    assertThat(r.problems()).containsExactly(
        "aiecs.governor.token-burst-size=200 (agent argument): "
            + "only valid when max-tokens-per-minute is set for agents a, b");
  }

  @Test
  void burstWithPerMinuteLimitOnlyForTheAgentIsFine() {
    ConfigResult r = Sources.args("agent.bot.max-tokens-per-minute=10,agent.bot.token-burst-size=20");

    assertThat(r.problems()).isEmpty();
    assertThat(r.config().limitsFor("bot").tokenBurstSize()).isEqualTo(20);
    assertThat(r.config().globalLimits().tokenBurstSize()).isEqualTo(AgentLimits.UNLIMITED);
  }

  @Test
  void badPerMinuteValueDoesNotAlsoTriggerTheBurstRule() {
    assertThat(Sources.args("max-tokens-per-minute=lots,token-burst-size=5").problems()).containsExactly(
        "aiecs.governor.max-tokens-per-minute=lots (agent argument): not a whole number >= 1 or unlimited");
  }

  @Test
  void allProblemsAreCollectedInSourceOrder() {
    ConfigResult r = ConfigLoader.load("enabled=maybe,max-token-per-minute=5",
        map("aiecs.governor.log-level", "loud"),
        map("AIECS_GOVERNOR_MAX_CONCURRENT_TASKS", "none"));

    assertThat(r.problems()).containsExactly(
        "aiecs.governor.max-token-per-minute=5 (agent argument): unknown key; "
            + "did you mean aiecs.governor.max-tokens-per-minute?",
        "aiecs.governor.enabled=maybe (agent argument): not true or false",
        "aiecs.governor.log-level=loud (system property): not one of error, warn, info, debug",
        "aiecs.governor.max-concurrent-tasks=none (environment variable AIECS_GOVERNOR_MAX_CONCURRENT_TASKS): "
            + "not a whole number >= 1 or unlimited");
  }

  @Test
  void configOfAnInvalidResultThrowsWithTheProblems() {
    ConfigResult r = Sources.args("enabled=maybe");

    assertThatThrownBy(r::config).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("aiecs.governor.enabled=maybe (agent argument): not true or false");
  }

  @Test
  void unknownKeysSuggestTheClosestKnownKey() {
    assertThat(Sources.sys("aiecs.governor.max-token-per-minute", "500").problems()).containsExactly(
        "aiecs.governor.max-token-per-minute=500 (system property): unknown key; "
            + "did you mean aiecs.governor.max-tokens-per-minute?");
    assertThat(Sources.args("enabeld=true").problems()).containsExactly(
        "aiecs.governor.enabeld=true (agent argument): unknown key; did you mean aiecs.governor.enabled?");
    assertThat(Sources.args("maxTokensPerHour=5").problems()).containsExactly(
        "aiecs.governor.maxTokensPerHour=5 (agent argument): unknown key; "
            + "did you mean aiecs.governor.max-tokens-per-hour?");
  }

  @Test
  void unknownPerAgentKeysSuggestWithTheSameAgentId() {
    assertThat(Sources.args("agent.research_bot.max-concurent-tasks=2").problems()).containsExactly(
        "aiecs.governor.agent.research_bot.max-concurent-tasks=2 (agent argument): unknown key; "
            + "did you mean aiecs.governor.agent.research_bot.max-concurrent-tasks?");
    assertThat(Sources.args("agents.bot.max-tokens-per-hour=2").problems()).containsExactly(
        "aiecs.governor.agents.bot.max-tokens-per-hour=2 (agent argument): unknown key; "
            + "did you mean aiecs.governor.agent.bot.max-tokens-per-hour?");
  }

  @Test
  void farOffKeysGetNoSuggestion() {
    assertThat(Sources.sys("aiecs.governor.foo", "1").problems()).containsExactly(
        "aiecs.governor.foo=1 (system property): unknown key");
    assertThat(Sources.args("agent.bot.colour=red").problems()).containsExactly(
        "aiecs.governor.agent.bot.colour=red (agent argument): unknown key");
    assertThat(Sources.args("agent.bot=1").problems()).containsExactly(
        "aiecs.governor.agent.bot=1 (agent argument): unknown key");
  }

  @Test
  void unrelatedSystemPropertiesAreIgnored() {
    ConfigResult r = ConfigLoader.load(null, map("java.version", "17", "user.dir", "/tmp",
        "aiecs.governorx", "1", "aiecs.other.key", "2", "AIECS.GOVERNOR.ENABLED", "x"), Map.of());

    assertThat(r.problems()).isEmpty();
    assertThat(r.config()).isEqualTo(GovernorConfig.defaults());
  }

  @Test
  void enabledFalseIsValidAndKeepsTheLimits() {
    ConfigResult r = Sources.args("enabled=False,max-tokens-per-minute=5");

    assertThat(r.valid()).isTrue();
    assertThat(r.config().enabled()).isFalse();
    assertThat(r.config().globalLimits().maxTokensPerMinute()).isEqualTo(5);
  }

  @Test
  void valuesAreTrimmedAndBooleansIgnoreCase() {
    ConfigResult r = Sources.sys("aiecs.governor.reject-on-limit", "  TRUE ",
        "aiecs.governor.max-concurrent-tasks", " 4\t");

    assertThat(r.problems()).isEmpty();
    assertThat(r.config().globalLimits().rejectOnLimit()).isTrue();
    assertThat(r.config().globalLimits().maxConcurrentTasks()).isEqualTo(4);
  }
}

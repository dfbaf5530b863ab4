package io.aiecs.governor.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EnvironmentVariablesTest {

  @Test
  void globalVariablesMapToKebabKeys() {
    ConfigResult r = Sources.env(
        "AIECS_GOVERNOR_MAX_TOKENS_PER_MINUTE", "100",
        "AIECS_GOVERNOR_TOKEN_BURST_SIZE", "150",
        "AIECS_GOVERNOR_RESOURCE_WAIT_TIMEOUT_SECONDS", "0.25",
        "AIECS_GOVERNOR_ENABLED", "FALSE",
        "AIECS_GOVERNOR_DEFAULT_AGENT", "main",
        "AIECS_GOVERNOR_LOG_LEVEL", "DEBUG");

    assertThat(r.problems()).isEmpty();
    GovernorConfig c = r.config();
    assertThat(c.enabled()).isFalse();
    assertThat(c.defaultAgent()).isEqualTo("main");
    assertThat(c.logLevel()).isEqualTo("debug");
    assertThat(c.limitsFor("main").maxTokensPerMinute()).isEqualTo(100);
    assertThat(c.limitsFor("main").tokenBurstSize()).isEqualTo(150);
    assertThat(c.limitsFor("main").resourceWaitTimeout()).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void perAgentVariableSplitsAtTheLongestKnownKeyAndLowercasesTheId() {
    ConfigResult r = Sources.env(
        "AIECS_GOVERNOR_AGENT_RESEARCH_BOT_MAX_TOKENS_PER_MINUTE", "500",
        "AIECS_GOVERNOR_AGENT_RESEARCH_BOT_MAX_CONCURRENT_TASKS", "2",
        "AIECS_GOVERNOR_AGENT_RESEARCH_BOT_MATCH_THREAD", "research-\\d+");

    assertThat(r.problems()).isEmpty();
    GovernorConfig c = r.config();
    assertThat(c.agents()).containsOnlyKeys("default", "research_bot");
    assertThat(c.limitsFor("research_bot").maxTokensPerMinute()).isEqualTo(500);
    assertThat(c.limitsFor("research_bot").maxConcurrentTasks()).isEqualTo(2);
    assertThat(c.threadRules()).containsExactly(
        new ThreadRule("research_bot", java.util.regex.Pattern.compile("research-\\d+")));
    assertThat(c.agentForThread("research-7")).isEqualTo("research_bot");
  }

  @Test
  void perAgentIdMayEndLikeAKeyWord() {
    // id "max" followed by the key max-tokens-per-hour: the key is matched from the end
    ConfigResult r = Sources.env("AIECS_GOVERNOR_AGENT_MAX_MAX_TOKENS_PER_HOUR", "9");

    assertThat(r.config().limitsFor("max").maxTokensPerHour()).isEqualTo(9);
  }

  @Test
  void sourceLabelNamesTheVariable() {
    assertThat(Sources.env("AIECS_GOVERNOR_AGENT_BOT_MAX_TOKENS_PER_HOUR", "-1").problems()).containsExactly(
        "aiecs.governor.agent.bot.max-tokens-per-hour=-1 (environment variable "
            + "AIECS_GOVERNOR_AGENT_BOT_MAX_TOKENS_PER_HOUR): not a whole number >= 1 or unlimited");
  }

  @Test
  void misspeltVariablesGetSuggestionsSpelledAsVariables() {
    assertThat(Sources.env("AIECS_GOVERNOR_MAX_TOKEN_PER_MINUTE", "5").problems()).containsExactly(
        "aiecs.governor.max-token-per-minute=5 (environment variable AIECS_GOVERNOR_MAX_TOKEN_PER_MINUTE): "
            + "unknown key; did you mean AIECS_GOVERNOR_MAX_TOKENS_PER_MINUTE?");
    assertThat(Sources.env("AIECS_GOVERNOR_AGENT_RESEARCH_BOT_MAX_TOKEN_PER_MINUTE", "5").problems())
        .containsExactly("aiecs.governor.agent.research_bot.max-token-per-minute=5 (environment variable "
            + "AIECS_GOVERNOR_AGENT_RESEARCH_BOT_MAX_TOKEN_PER_MINUTE): "
            + "unknown key; did you mean AIECS_GOVERNOR_AGENT_RESEARCH_BOT_MAX_TOKENS_PER_MINUTE?");
  }

  @Test
  void keysInTheWrongScopeSayWhereTheyBelong() {
    assertThat(Sources.env("AIECS_GOVERNOR_MATCH_THREAD", "x").problems()).containsExactly(
        "aiecs.governor.match.thread=x (environment variable AIECS_GOVERNOR_MATCH_THREAD): "
            + "match.thread is set per agent only; use AIECS_GOVERNOR_AGENT_<ID>_MATCH_THREAD");
    assertThat(Sources.env("AIECS_GOVERNOR_AGENT_BOT_LOG_LEVEL", "debug").problems()).containsExactly(
        "aiecs.governor.agent.bot.log-level=debug (environment variable AIECS_GOVERNOR_AGENT_BOT_LOG_LEVEL): "
            + "log-level cannot be set per agent; use AIECS_GOVERNOR_LOG_LEVEL");
  }

  @Test
  void unrelatedVariablesAreIgnored() {
    ConfigResult r = Sources.env("PATH", "/bin", "AIECS_OTHER", "1", "aiecs_governor_enabled", "nope",
        "AIECS_GOVERNOR", "x");

    assertThat(r.problems()).isEmpty();
    assertThat(r.config()).isEqualTo(GovernorConfig.defaults());
  }
}

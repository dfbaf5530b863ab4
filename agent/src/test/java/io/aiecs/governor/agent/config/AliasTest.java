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

/** The Python seed's snake_case spellings are accepted wherever a kebab-case key is. */
class AliasTest {

  @Test
  void snakeCaseGlobalKeysInSystemProperties() {
    ConfigResult r = Sources.sys(
        "aiecs.governor.max_tokens_per_minute", "100",
        "aiecs.governor.max_concurrent_tasks", "3",
        "aiecs.governor.resource_wait_timeout_seconds", "1.5",
        "aiecs.governor.default_agent", "main",
        "aiecs.governor.log_level", "warn",
        "aiecs.governor.reject_on_limit", "true");

    assertThat(r.problems()).isEmpty();
    GovernorConfig c = r.config();
    assertThat(c.defaultAgent()).isEqualTo("main");
    assertThat(c.logLevel()).isEqualTo("warn");
    assertThat(c.limitsFor("main").maxTokensPerMinute()).isEqualTo(100);
    assertThat(c.limitsFor("main").maxConcurrentTasks()).isEqualTo(3);
    assertThat(c.limitsFor("main").rejectOnLimit()).isTrue();
    assertThat(c.limitsFor("main").resourceWaitTimeout()).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void snakeCasePerAgentKeysKeepTheAgentIdAsWritten() {
    ConfigResult r = Sources.args("agent.research_bot.max_concurrent_tasks=2,agent.research_bot.match.thread=rb-.*");

    assertThat(r.problems()).isEmpty();
    assertThat(r.config().agents()).containsKey("research_bot");
    assertThat(r.config().limitsFor("research_bot").maxConcurrentTasks()).isEqualTo(2);
    assertThat(r.config().agentForThread("rb-1")).isEqualTo("research_bot");
  }

  @Test
  void snakeCaseKeysInConfigFile(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("g.properties");
    Files.writeString(f, "token_burst_size=50\nmax_tokens_per_minute=10\nenforce_limits=false\n");

    ConfigResult r = Sources.args("config_file=" + f);

    assertThat(r.problems()).isEmpty();
    AgentLimits limits = r.config().limitsFor("default");
    assertThat(limits.tokenBurstSize()).isEqualTo(50);
    assertThat(limits.maxTokensPerMinute()).isEqualTo(10);
    assertThat(limits.enforceLimits()).isFalse();
  }

  @Test
  void aliasAndKebabFormShareTheirPrecedence() {
    ConfigResult r = ConfigLoader.load("max_tokens_per_minute=1",
        map("aiecs.governor.max-tokens-per-minute", "2"), Map.of());

    assertThat(r.config().limitsFor("default").maxTokensPerMinute()).isEqualTo(1);
  }

  @Test
  void bothSpellingsInOneSourceAreAConflict() {
    ConfigResult r = Sources.sys("aiecs.governor.max-tokens-per-minute", "1",
        "aiecs.governor.max_tokens_per_minute", "2");

    assertThat(r.problems()).containsExactly(
        "aiecs.governor.max_tokens_per_minute=2 (system property): same setting as "
            + "aiecs.governor.max-tokens-per-minute=1 (system property)");
  }

  @Test
  void matchThreadHasNoSnakeCaseAlias() {
    assertThat(Sources.args("agent.bot.match_thread=x").problems()).containsExactly(
        "aiecs.governor.agent.bot.match_thread=x (agent argument): unknown key; "
            + "did you mean aiecs.governor.agent.bot.match.thread?");
  }
}

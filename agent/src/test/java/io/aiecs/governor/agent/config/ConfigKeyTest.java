package io.aiecs.governor.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ConfigKeyTest {

  @Test
  void markdownTableHasOneRowPerKey() {
    String table = ConfigKey.markdownTable();
    String[] lines = table.split("\n");

    assertThat(lines[0]).isEqualTo("| key | default | description |");
    assertThat(lines).hasSize(ConfigKey.values().length + 3); // header, rule, otel.* pass-through
    for (ConfigKey k : ConfigKey.values()) {
      assertThat(table).as(k.name()).contains("`" + k.propertyName() + "`").contains(k.description());
    }
  }

  @Test
  void markdownTableMarksPerAgentKeys() {
    String table = ConfigKey.markdownTable();

    assertThat(table).contains("| `aiecs.governor.max-tokens-per-minute` (also per agent: "
        + "`aiecs.governor.agent.<id>.max-tokens-per-minute`; process-wide: "
        + "`aiecs.governor.global.max-tokens-per-minute`) | unlimited |");
    assertThat(table).contains("| `aiecs.governor.agent.<id>.entry` (per agent only) | none |");
    assertThat(table).contains("| `aiecs.governor.tool-methods` | none |");
    assertThat(table).contains("| `aiecs.governor.agent.<id>.match.thread` (per agent only) | none |");
    assertThat(table).contains("| `aiecs.governor.log-level` | info |");
  }

  @Test
  void scopesAndDefaultsMatchTheContract() {
    assertThat(Arrays.stream(ConfigKey.values()).filter(k -> !k.perAgent()).map(ConfigKey::key))
        .containsExactlyInAnyOrder("enabled", "default-agent", "config-file", "log-level", "tool-methods",
            "genai-metrics.enabled", "traces.enabled", "exclude-class-loaders", "instrumentation.<name>.enabled");
    assertThat(Arrays.stream(ConfigKey.values()).filter(k -> !k.global()).map(ConfigKey::key))
        .containsExactlyInAnyOrder("entry", "match.caller", "match.thread", "match.model");
    assertThat(Arrays.stream(ConfigKey.values()).filter(ConfigKey::processWide).map(ConfigKey::key))
        .containsExactlyInAnyOrder("max-concurrent-tasks", "max-tokens-per-minute", "max-tokens-per-hour",
            "token-burst-size", "enforce-limits", "reject-on-limit", "resource-wait-timeout-seconds",
            "max-tool-calls-per-minute", "max-tool-calls-per-hour", "max-memory-mb", "task-timeout-seconds",
            "throttle-threshold", "reject-as");
    assertThat(Arrays.stream(ConfigKey.values()).filter(ConfigKey::sharedWithProcess).map(ConfigKey::key))
        .containsExactlyInAnyOrder("enforce-limits", "reject-on-limit", "resource-wait-timeout-seconds",
            "throttle-threshold", "reject-as");
    assertThat(ConfigKey.ENABLED.defaultValue()).isEqualTo("true");
    assertThat(ConfigKey.MAX_TOKENS_PER_MINUTE.defaultValue()).isEqualTo("unlimited");
    assertThat(ConfigKey.RESOURCE_WAIT_TIMEOUT_SECONDS.defaultValue()).isEqualTo("60");
    assertThat(ConfigKey.DEFAULT_AGENT.defaultValue()).isEqualTo("default");
    assertThat(ConfigKey.TASK_TIMEOUT_SECONDS.defaultValue()).isEqualTo("none");
    assertThat(ConfigKey.REJECT_AS.defaultValue()).isEqualTo("governor");
  }

  @Test
  void descriptionsSayHowTheProcessScopeInheritsAndTheRuleOrder() {
    assertThat(ConfigKey.MAX_TOKENS_PER_MINUTE.description()).contains("not a process limit");
    assertThat(ConfigKey.REJECT_AS.description()).contains("Process-wide: the plain value");
    assertThat(ConfigKey.LOG_LEVEL.description()).doesNotContain("Process-wide");
    assertThat(ConfigKey.DEFAULT_AGENT.description())
        .containsSubsequence("`entry`", "`match.caller`", "`match.thread`", "`match.model`");
  }

  @Test
  void documentedDefaultsAreWhatAnEmptyConfigurationYields() {
    GovernorConfig c = ConfigLoader.load(null, null, null).config();
    AgentLimits l = c.globalLimits();

    assertThat(String.valueOf(c.enabled())).isEqualTo(ConfigKey.ENABLED.defaultValue());
    assertThat(c.defaultAgent()).isEqualTo(ConfigKey.DEFAULT_AGENT.defaultValue());
    assertThat(c.logLevel()).isEqualTo(ConfigKey.LOG_LEVEL.defaultValue());
    assertThat(String.valueOf(l.enforceLimits())).isEqualTo(ConfigKey.ENFORCE_LIMITS.defaultValue());
    assertThat(String.valueOf(l.rejectOnLimit())).isEqualTo(ConfigKey.REJECT_ON_LIMIT.defaultValue());
    assertThat(String.valueOf(l.resourceWaitTimeout().toSeconds()))
        .isEqualTo(ConfigKey.RESOURCE_WAIT_TIMEOUT_SECONDS.defaultValue());
    assertThat(l.maxTokensPerMinute()).isEqualTo(AgentLimits.UNLIMITED);
    assertThat(l.maxToolCallsPerMinute()).isEqualTo(AgentLimits.UNLIMITED);
    assertThat(l.maxMemoryMb()).isEqualTo(AgentLimits.UNLIMITED);
    assertThat(l.taskTimeout()).isNull();
    assertThat(l.throttleThreshold()).isEqualTo(1.0);
    assertThat(l.rejectAs().name().toLowerCase()).isEqualTo(ConfigKey.REJECT_AS.defaultValue());
    assertThat(c.processLimits()).isEmpty();
    assertThat(c.toolMethods()).isEmpty();
    assertThat(c.entryPoints()).isEmpty();
    assertThat(c.callerRules()).isEmpty();
    assertThat(c.modelRules()).isEmpty();
  }

  @Test
  void byKeyFindsExactKebabNamesOnly() {
    assertThat(ConfigKey.byKey("token-burst-size")).contains(ConfigKey.TOKEN_BURST_SIZE);
    assertThat(ConfigKey.byKey("token_burst_size")).isEmpty();
    assertThat(ConfigKey.MATCH_THREAD.propertyName("bot")).isEqualTo("aiecs.governor.agent.bot.match.thread");
    assertThat(ConfigKey.REJECT_AS.processPropertyName()).isEqualTo("aiecs.governor.global.reject-as");
  }
}

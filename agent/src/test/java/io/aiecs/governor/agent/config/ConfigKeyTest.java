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
        + "`aiecs.governor.agent.<id>.max-tokens-per-minute`) | unlimited |");
    assertThat(table).contains("| `aiecs.governor.agent.<id>.match.thread` (per agent only) | none |");
    assertThat(table).contains("| `aiecs.governor.log-level` | info |");
  }

  @Test
  void scopesAndDefaultsMatchTheContract() {
    assertThat(Arrays.stream(ConfigKey.values()).filter(k -> !k.perAgent()).map(ConfigKey::key))
        .containsExactlyInAnyOrder("enabled", "default-agent", "config-file", "log-level", "genai-metrics.enabled",
            "traces.enabled");
    assertThat(Arrays.stream(ConfigKey.values()).filter(k -> !k.global()).map(ConfigKey::key))
        .containsExactly("match.thread");
    assertThat(ConfigKey.ENABLED.defaultValue()).isEqualTo("true");
    assertThat(ConfigKey.MAX_TOKENS_PER_MINUTE.defaultValue()).isEqualTo("unlimited");
    assertThat(ConfigKey.RESOURCE_WAIT_TIMEOUT_SECONDS.defaultValue()).isEqualTo("60");
    assertThat(ConfigKey.DEFAULT_AGENT.defaultValue()).isEqualTo("default");
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
  }

  @Test
  void byKeyFindsExactKebabNamesOnly() {
    assertThat(ConfigKey.byKey("token-burst-size")).contains(ConfigKey.TOKEN_BURST_SIZE);
    assertThat(ConfigKey.byKey("token_burst_size")).isEmpty();
    assertThat(ConfigKey.MATCH_THREAD.propertyName("bot")).isEqualTo("aiecs.governor.agent.bot.match.thread");
  }
}

package io.aiecs.governor.agent.config;

import static io.aiecs.governor.agent.config.Sources.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrecedenceTest {
  @TempDir Path dir;

  private Path file(String content) throws IOException {
    Path f = dir.resolve("governor.properties");
    Files.writeString(f, content);
    return f;
  }

  @Test
  void eachSourceBeatsTheOnesBelowIt() throws IOException {
    Path f = file("max-concurrent-tasks=4\nmax-tokens-per-hour=40\nmax-tokens-per-minute=400\n"
        + "resource-wait-timeout-seconds=4\n");
    ConfigResult r = ConfigLoader.load(
        "max-tokens-per-minute=100",
        map("aiecs.governor.max-tokens-per-minute", "200", "aiecs.governor.max-tokens-per-hour", "2000",
            "aiecs.governor.config-file", f.toString()),
        map("AIECS_GOVERNOR_MAX_TOKENS_PER_MINUTE", "300", "AIECS_GOVERNOR_MAX_TOKENS_PER_HOUR", "3000",
            "AIECS_GOVERNOR_MAX_CONCURRENT_TASKS", "3"));

    assertThat(r.problems()).isEmpty();
    AgentLimits limits = r.config().limitsFor("default");
    assertThat(limits.maxTokensPerMinute()).as("agent argument beats all").isEqualTo(100);
    assertThat(limits.maxTokensPerHour()).as("system property beats env and file").isEqualTo(2000);
    assertThat(limits.maxConcurrentTasks()).as("env beats file").isEqualTo(3);
    assertThat(limits.resourceWaitTimeout()).as("file beats default").hasSeconds(4);
    assertThat(limits.rejectOnLimit()).as("default").isFalse();
  }

  @Test
  void effectiveSettingsNameTheWinningSource() throws IOException {
    Path f = file("max-tokens-per-hour=40\n");
    ConfigResult r = ConfigLoader.load("log-level=debug",
        map("aiecs.governor.config-file", f.toString()),
        map("AIECS_GOVERNOR_MAX_TOKENS_PER_MINUTE", "300"));

    assertThat(r.effectiveSettings()).containsExactly(
        "aiecs.governor.config-file=" + f + " (system property)",
        "aiecs.governor.log-level=debug (agent argument)",
        "aiecs.governor.max-tokens-per-hour=40 (file " + f + ")",
        "aiecs.governor.max-tokens-per-minute=300 (environment variable AIECS_GOVERNOR_MAX_TOKENS_PER_MINUTE)");
  }

  @Test
  void aHigherSourceOverridesABadValueBelowIt() {
    ConfigResult r = ConfigLoader.load("max-tokens-per-minute=100", Map.of(),
        map("AIECS_GOVERNOR_MAX_TOKENS_PER_MINUTE", "lots"));

    assertThat(r.problems()).isEmpty();
    assertThat(r.config().limitsFor("default").maxTokensPerMinute()).isEqualTo(100);
  }

  @Test
  void unknownKeysAreReportedEvenInLowerSources() {
    ConfigResult r = ConfigLoader.load("max-tokens-per-minute=100", Map.of(),
        map("AIECS_GOVERNOR_MAX_TOKEN_PER_MINUTE", "5"));

    assertThat(r.valid()).isFalse();
    assertThat(r.problems()).hasSize(1);
  }

  @Test
  void configFileCanBeNamedByAgentArgumentOrEnvironment() throws IOException {
    Path f = file("aiecs.governor.max-tokens-per-hour=77\n");

    assertThat(Sources.args("config-file=" + f).config().limitsFor("x").maxTokensPerHour()).isEqualTo(77);
    assertThat(Sources.env("AIECS_GOVERNOR_CONFIG_FILE", f.toString()).config().limitsFor("x").maxTokensPerHour())
        .isEqualTo(77);
  }

  @Test
  void theHighestConfigFileSettingDecidesWhichFileIsRead() throws IOException {
    Path used = file("max-tokens-per-hour=1\n");
    Path ignored = dir.resolve("missing.properties");
    ConfigResult r = ConfigLoader.load("config-file=" + used, map("aiecs.governor.config-file", ignored.toString()),
        Map.of());

    assertThat(r.problems()).isEmpty();
    assertThat(r.config().globalLimits().maxTokensPerHour()).isEqualTo(1);
  }

  @Test
  void emptySourcesGiveTheDefaults() {
    ConfigResult r = ConfigLoader.load(null, null, null);

    assertThat(r.valid()).isTrue();
    assertThat(r.config()).isEqualTo(GovernorConfig.defaults());
    assertThat(ConfigLoader.load("", Map.of(), Map.of()).config()).isEqualTo(GovernorConfig.defaults());
    assertThat(r.effectiveSettings()).isEmpty();
  }
}

package io.aiecs.governor.agent.config;

import static io.aiecs.governor.agent.config.Sources.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {
  @TempDir Path dir;

  private Path write(String content) throws IOException {
    Path f = dir.resolve("governor.properties");
    Files.writeString(f, content, StandardCharsets.UTF_8);
    return f;
  }

  @Test
  void fileKeysWorkWithAndWithoutPrefix() throws IOException {
    Path f = write("""
        # comments are fine
        aiecs.governor.max-tokens-per-minute = 600
        agent.bot.max-concurrent-tasks=1
        agent.bot.match.thread=bot-\\\\d+
        """);

    ConfigResult r = Sources.sys("aiecs.governor.config-file", f.toString());

    assertThat(r.problems()).isEmpty();
    GovernorConfig c = r.config();
    assertThat(c.globalLimits().maxTokensPerMinute()).isEqualTo(600);
    assertThat(c.limitsFor("bot").maxConcurrentTasks()).isEqualTo(1);
    assertThat(c.limitsFor("bot").maxTokensPerMinute()).isEqualTo(600);
    assertThat(c.agentForThread("bot-42")).isEqualTo("bot");
  }

  @Test
  void problemsInTheFileNameTheFile() throws IOException {
    Path f = write("max-tokens-per-minute=fast\nmax-tokens-per-minut=5\n");

    assertThat(Sources.args("config-file=" + f).problems()).containsExactly(
        "aiecs.governor.max-tokens-per-minut=5 (file " + f + "): unknown key; "
            + "did you mean aiecs.governor.max-tokens-per-minute?",
        "aiecs.governor.max-tokens-per-minute=fast (file " + f + "): not a whole number >= 1 or unlimited");
  }

  @Test
  void missingFileIsAProblem() {
    Path missing = dir.resolve("nope.properties");

    ConfigResult r = Sources.sys("aiecs.governor.config-file", missing.toString());

    assertThat(r.valid()).isFalse();
    assertThat(r.problems()).containsExactly(
        "aiecs.governor.config-file=" + missing + " (system property): file not found");
  }

  @Test
  void unreadableFileIsAProblem() {
    ConfigResult r = ConfigLoader.load("config-file=/etc/governor.properties", Map.of(), Map.of(),
        path -> {
          throw new IOException("Permission denied\nsecond line");
        });

    assertThat(r.problems()).containsExactly("aiecs.governor.config-file=/etc/governor.properties "
        + "(agent argument): cannot read file (IOException: Permission denied second line)");
  }

  @Test
  void directoryIsAProblem() {
    ConfigResult r = Sources.args("config-file=" + dir);

    assertThat(r.problems()).singleElement().asString()
        .startsWith("aiecs.governor.config-file=" + dir + " (agent argument): cannot read file (");
  }

  @Test
  void fileCannotNameAnotherFile() throws IOException {
    Path f = write("config-file=/other.properties\n");

    assertThat(Sources.args("config-file=" + f).problems()).containsExactly(
        "aiecs.governor.config-file=/other.properties (file " + f + "): cannot be set inside a config file");
  }

  @Test
  void emptyConfigFileValueSwitchesOffAFileNamedLower() {
    ConfigResult r = ConfigLoader.load(null, map("aiecs.governor.config-file", ""),
        map("AIECS_GOVERNOR_CONFIG_FILE", dir.resolve("nope.properties").toString()));

    assertThat(r.problems()).isEmpty();
  }

  @Test
  void fileIsReadAsUtf8() throws IOException {
    Path f = write("agent.bot.match.thread=général-.*\n");

    assertThat(Sources.args("config-file=" + f).config().agentForThread("général-1")).isEqualTo("bot");
  }
}

package io.aiecs.governor.agent.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiecs.governor.agent.config.ConfigKey;
import io.aiecs.governor.agent.instrumentation.InstrumentationModules;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration table is generated from the key contract, its table of supported libraries from the
 * instrumentation modules' metadata; neither may drift.
 */
class ReadmeTest {
  @Test
  void configurationTableIsTheGeneratedOne() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    assertThat(readme)
        .as("README.md's configuration table; regenerate it from ConfigKey.markdownTable()")
        .contains(ConfigKey.markdownTable().strip());
  }

  @Test
  void supportedLibrariesTableIsTheGeneratedOne() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    assertThat(readme)
        .as("README.md's table of supported libraries; regenerate it from InstrumentationModules.supportTable()")
        .contains(InstrumentationModules.supportTable().strip());
  }
}

package io.aiecs.governor.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiecs.governor.agent.config.ConfigLoader;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentInstallerTest {
  @Test
  void settingsNoRuntimeActsOnYetAreNamed() {
    var config = ConfigLoader.load(null, Map.of(
        "aiecs.governor.agent.a.task-timeout-seconds", "5",
        "aiecs.governor.global.reject-as", "client",
        "aiecs.governor.agent.a.entry", "com.example.A#run",
        "aiecs.governor.agent.b.match.caller", "com.example",
        "aiecs.governor.agent.c.match.model", "gpt-.*"), Map.of()).config();

    assertThat(AgentInstaller.notEnforcedYet(config)).containsExactly("aiecs.governor.agent.<id>.match.model");
    assertThat(AgentInstaller.notEnforcedYet(ConfigLoader.load(null, Map.of(
        "aiecs.governor.max-tokens-per-minute", "5"), Map.of()).config())).isEmpty();
  }
}

package io.aiecs.governor.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class GovernorConfigTest {

  @Test
  void defaults() {
    GovernorConfig c = GovernorConfig.defaults();

    assertThat(c.enabled()).isTrue();
    assertThat(c.defaultAgent()).isEqualTo("default");
    assertThat(c.logLevel()).isEqualTo("info");
    assertThat(c.agents()).containsOnlyKeys("default");
    assertThat(c.threadRules()).isEmpty();
    assertThat(c.limitsFor("default")).isEqualTo(AgentLimits.unlimited());
    assertThat(AgentLimits.unlimited().resourceWaitTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(AgentLimits.unlimited().enforceLimits()).isTrue();
    assertThat(AgentLimits.unlimited().rejectOnLimit()).isFalse();
  }

  @Test
  void constructorPutsTheDefaultAgentFirstAndCopies() {
    Map<String, AgentLimits> agents = new java.util.LinkedHashMap<>();
    agents.put("a", AgentLimits.unlimited());
    agents.put("main", AgentLimits.unlimited());
    GovernorConfig c = new GovernorConfig(true, "main", "warn", AgentLimits.unlimited(), agents, List.of());
    agents.put("late", AgentLimits.unlimited());

    assertThat(c.agents().keySet()).containsExactly("main", "a");
    assertThatThrownBy(() -> c.agents().put("x", AgentLimits.unlimited()))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void constructorRejectsInconsistentInput() {
    assertThatThrownBy(() -> new GovernorConfig(true, "main", "info", AgentLimits.unlimited(), Map.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("main");
    assertThatThrownBy(() -> new GovernorConfig(true, "default", "trace", AgentLimits.unlimited(),
        Map.of("default", AgentLimits.unlimited()), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void agentLimitsInvariants() {
    assertThatThrownBy(() -> new AgentLimits(0, -1, -1, -1, true, false, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AgentLimits(-1, 10, -1, -1, true, false, Duration.ZERO))
        .as("burst must be set with a per-minute limit").isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AgentLimits(-1, -1, -1, 5, true, false, Duration.ZERO))
        .as("burst without a per-minute limit").isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AgentLimits(-1, -1, -1, -1, true, false, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void hasTokenLimitWhenMinuteOrHourIsSet() {
    assertThat(new AgentLimits(-1, 10, -1, 10, true, false, Duration.ZERO).hasTokenLimit()).isTrue();
    assertThat(new AgentLimits(-1, -1, 10, -1, true, false, Duration.ZERO).hasTokenLimit()).isTrue();
    assertThat(new AgentLimits(3, -1, -1, -1, true, false, Duration.ZERO).hasTokenLimit()).isFalse();
    assertThat(new AgentLimits(3, -1, -1, -1, true, false, Duration.ZERO).hasConcurrencyLimit()).isTrue();
  }

  @Test
  void threadRulesCompareByPatternText() {
    assertThat(new ThreadRule("a", Pattern.compile("x.*"))).isEqualTo(new ThreadRule("a", Pattern.compile("x.*")))
        .hasSameHashCodeAs(new ThreadRule("a", Pattern.compile("x.*")))
        .isNotEqualTo(new ThreadRule("a", Pattern.compile("y.*")));
  }

  @Test
  void waitTimeoutKeepsSubSecondPrecision() {
    assertThat(Sources.args("resource-wait-timeout-seconds=0").config().globalLimits().resourceWaitTimeout())
        .isZero();
    assertThat(Sources.args("resource-wait-timeout-seconds=.25").config().globalLimits().resourceWaitTimeout())
        .isEqualTo(Duration.ofMillis(250));
    assertThat(Sources.args("resource-wait-timeout-seconds=2.").config().globalLimits().resourceWaitTimeout())
        .isEqualTo(Duration.ofSeconds(2));
    assertThat(Sources.args("resource-wait-timeout-seconds=1.0000000019").config().globalLimits()
        .resourceWaitTimeout()).isEqualTo(Duration.ofNanos(1_000_000_001));
  }
}

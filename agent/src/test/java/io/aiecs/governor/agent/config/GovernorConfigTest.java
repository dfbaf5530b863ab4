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
  void sevenArgumentConstructorFillsTheNewComponentsWithDefaults() {
    AgentLimits old = new AgentLimits(2, 10, 20, 15, false, true, Duration.ofSeconds(3));

    assertThat(old).isEqualTo(new AgentLimits(2, 10, 20, 15, false, true, Duration.ofSeconds(3),
        AgentLimits.UNLIMITED, AgentLimits.UNLIMITED, AgentLimits.UNLIMITED, null, 1.0, RejectAs.GOVERNOR));
    assertThat(old.hasToolCallLimit()).isFalse();
    assertThat(old.hasMemoryLimit()).isFalse();
    assertThat(old.hasTaskTimeout()).isFalse();
    assertThat(old.throttles()).isFalse();
  }

  @Test
  void newComponentsAreValidated() {
    assertThatThrownBy(() -> limits(0, -1, -1, null, 1.0, RejectAs.GOVERNOR))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxToolCallsPerMinute");
    assertThatThrownBy(() -> limits(-1, -5, -1, null, 1.0, RejectAs.GOVERNOR))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxToolCallsPerHour");
    assertThatThrownBy(() -> limits(-1, -1, AgentLimits.MAX_MEMORY_MB + 1, null, 1.0, RejectAs.GOVERNOR))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxMemoryMb");
    assertThatThrownBy(() -> limits(-1, -1, -1, Duration.ZERO, 1.0, RejectAs.GOVERNOR))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("taskTimeout");
    assertThatThrownBy(() -> limits(-1, -1, -1, Duration.ofSeconds(-1), 1.0, RejectAs.GOVERNOR))
        .isInstanceOf(IllegalArgumentException.class);
    for (double bad : new double[] {0, -0.5, 1.01, Double.NaN}) {
      assertThatThrownBy(() -> limits(-1, -1, -1, null, bad, RejectAs.GOVERNOR)).as("threshold " + bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("throttleThreshold");
    }
    assertThatThrownBy(() -> limits(-1, -1, -1, null, 1.0, null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void predicatesOfTheNewComponents() {
    assertThat(limits(5, -1, -1, null, 1.0, RejectAs.GOVERNOR).hasToolCallLimit()).isTrue();
    assertThat(limits(-1, 5, -1, null, 1.0, RejectAs.GOVERNOR).hasToolCallLimit()).isTrue();
    assertThat(limits(-1, -1, 64, null, 1.0, RejectAs.GOVERNOR).hasMemoryLimit()).isTrue();
    assertThat(limits(-1, -1, -1, Duration.ofNanos(1), 1.0, RejectAs.GOVERNOR).hasTaskTimeout()).isTrue();
    assertThat(limits(-1, -1, -1, null, 0.99, RejectAs.CLIENT).throttles()).isTrue();
  }

  private static AgentLimits limits(long toolsPerMinute, long toolsPerHour, long memoryMb, Duration taskTimeout,
                                    double threshold, RejectAs rejectAs) {
    return new AgentLimits(-1, -1, -1, -1, true, false, Duration.ZERO, toolsPerMinute, toolsPerHour, memoryMb,
        taskTimeout, threshold, rejectAs);
  }

  @Test
  void sixArgumentConfigConstructorMeansNoneOfTheNewParts() {
    GovernorConfig c = new GovernorConfig(true, "default", "info", AgentLimits.unlimited(),
        Map.of("default", AgentLimits.unlimited()), List.of());

    assertThat(c.processLimits()).isEmpty();
    assertThat(c.toolMethods()).isEmpty();
    assertThat(c.entryPoints()).isEmpty();
    assertThat(c.callerRules()).isEmpty();
    assertThat(c.modelRules()).isEmpty();
    assertThat(c).isEqualTo(GovernorConfig.defaults()).isEqualTo(new GovernorConfig(true, "default", "info",
        AgentLimits.unlimited(), Map.of("default", AgentLimits.unlimited()), List.of(), null, List.of(), Map.of(),
        List.of(), List.of()));
  }

  @Test
  void fullConstructorSortsEntryPointsAndCopies() {
    Map<String, List<MethodRef>> entries = new java.util.LinkedHashMap<>();
    entries.put("z", new java.util.ArrayList<>(List.of(new MethodRef("a.Z", "run"))));
    entries.put("a", List.of(new MethodRef("a.A", "run")));
    GovernorConfig c = new GovernorConfig(true, "default", "info", AgentLimits.unlimited(),
        Map.of("default", AgentLimits.unlimited()), List.of(), AgentLimits.unlimited(),
        List.of(new MethodRef("a.T", "*")), entries, List.of(CallerRule.of("a", "a.pkg")),
        List.of(new ModelRule("z", Pattern.compile("m"))));
    entries.get("z").add(new MethodRef("a.Z", "late"));

    assertThat(c.entryPoints().keySet()).containsExactly("a", "z");
    assertThat(c.entryPoints().get("z")).containsExactly(new MethodRef("a.Z", "run"));
    assertThat(c.processLimits()).contains(AgentLimits.unlimited());
    assertThatThrownBy(() -> c.entryPoints().put("x", List.of())).isInstanceOf(UnsupportedOperationException.class);
    assertThat(c.toString()).contains("processLimits=", "toolMethods=[a.T#*]", "entryPoints=", "callerRules=",
        "modelRules=");
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

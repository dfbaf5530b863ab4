package io.aiecs.governor.agent.config;

import static io.aiecs.governor.agent.config.Sources.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What is woven: {@code aiecs.governor.instrumentation.<name>.enabled}, one switch per instrumentation module by its
 * name, and {@code aiecs.governor.exclude-class-loaders}, class loaders whose classes are left alone.
 */
class InstrumentationKeysTest {
  private static final List<String> NAMES = List.of("openai-java", "okhttp-deadline", "tool-methods");

  private static ConfigResult load(String agentArgs, Map<String, String> sys, Map<String, String> env) {
    return ConfigLoader.load(agentArgs, sys, env, path -> {
      throw new AssertionError("no file");
    }, NAMES);
  }

  @Test
  void everyInstrumentationIsOnUnlessSwitchedOff() {
    GovernorConfig c = load(null, Map.of(), Map.of()).config();

    assertThat(c.disabledInstrumentations()).isEmpty();
    assertThat(NAMES).allMatch(c::instrumentationEnabled);
  }

  @Test
  void falseSwitchesOffThatInstrumentationOnly() {
    ConfigResult r = load(null, map("aiecs.governor.instrumentation.openai-java.enabled", "false",
        "aiecs.governor.instrumentation.okhttp-deadline.enabled", "true"), Map.of());

    assertThat(r.problems()).isEmpty();
    assertThat(r.config().disabledInstrumentations()).containsExactly("openai-java");
    assertThat(r.config().instrumentationEnabled("openai-java")).isFalse();
    assertThat(r.config().instrumentationEnabled("okhttp-deadline")).isTrue();
    assertThat(r.effectiveSettings()).contains(
        "aiecs.governor.instrumentation.openai-java.enabled=false (system property)");
  }

  @Test
  void everySourceSpellsIt() {
    assertThat(load("instrumentation.okhttp-deadline.enabled=false", Map.of(), Map.of()).config()
        .disabledInstrumentations()).containsExactly("okhttp-deadline");
    assertThat(load(null, Map.of(), map("AIECS_GOVERNOR_INSTRUMENTATION_OPENAI_JAVA_ENABLED", "false")).config()
        .disabledInstrumentations()).containsExactly("openai-java");
    assertThat(load(null, map("aiecs.governor.instrumentation.tool_methods.enabled", "FALSE"), Map.of()).config()
        .disabledInstrumentations()).containsExactly("tool-methods");
  }

  @Test
  void aHigherSourceWins() {
    ConfigResult r = load("instrumentation.openai-java.enabled=true",
        map("aiecs.governor.instrumentation.openai-java.enabled", "false"), Map.of());

    assertThat(r.config().instrumentationEnabled("openai-java")).isTrue();
  }

  @Test
  void anUnknownNameIsAProblemListingTheKnownOnesWithDidYouMean() {
    ConfigResult r = load(null, map("aiecs.governor.instrumentation.openai-jav.enabled", "false"), Map.of());

    assertThat(r.valid()).isFalse();
    assertThat(r.problems()).containsExactly("aiecs.governor.instrumentation.openai-jav.enabled=false"
        + " (system property): unknown name \"openai-jav\" (known: openai-java, okhttp-deadline, tool-methods);"
        + " did you mean aiecs.governor.instrumentation.openai-java.enabled?");
  }

  @Test
  void aNameFarFromAnyIsStillNamedWithTheKnownOnes() {
    ConfigResult r = load(null, map("aiecs.governor.instrumentation.langchain.enabled", "false"), Map.of());

    assertThat(r.problems()).containsExactly("aiecs.governor.instrumentation.langchain.enabled=false"
        + " (system property): unknown name \"langchain\" (known: openai-java, okhttp-deadline, tool-methods)");
  }

  @Test
  void aMisspeltSwitchGetsDidYouMean() {
    ConfigResult r = load(null, map("aiecs.governor.instrumentation.openai-java.enable", "false"), Map.of());

    assertThat(r.problems()).containsExactly("aiecs.governor.instrumentation.openai-java.enable=false"
        + " (system property): unknown key; did you mean aiecs.governor.instrumentation.openai-java.enabled?");
  }

  @Test
  void theValueIsABoolean() {
    ConfigResult r = load(null, map("aiecs.governor.instrumentation.openai-java.enabled", "off"), Map.of());

    assertThat(r.problems()).containsExactly(
        "aiecs.governor.instrumentation.openai-java.enabled=off (system property): not true or false");
  }

  @Test
  void thePlaceholderItselfIsNoName() {
    ConfigResult r = load(null, map("aiecs.governor.instrumentation.<name>.enabled", "false"), Map.of());

    assertThat(r.valid()).isFalse();
  }

  @Test
  void itCannotBeSetPerAgentNorProcessWide() {
    assertThat(load(null, map("aiecs.governor.agent.bot.instrumentation.openai-java.enabled", "false"), Map.of())
        .valid()).isFalse();
    assertThat(load(null, map("aiecs.governor.global.instrumentation.openai-java.enabled", "false"), Map.of())
        .valid()).isFalse();
  }

  @Test
  void withoutKnownNamesEveryNameIsUnknown() {
    ConfigResult r = ConfigLoader.load(null, map("aiecs.governor.instrumentation.openai-java.enabled", "false"),
        Map.of());

    assertThat(r.problems()).singleElement().asString().contains("unknown name \"openai-java\"");
  }

  @Test
  void noClassLoaderIsExcludedUnlessNamed() {
    assertThat(load(null, Map.of(), Map.of()).config().excludedClassLoaders()).isEmpty();
  }

  @Test
  void excludedClassLoadersAreClassNamesSeparatedByCommasOrSemicolons() {
    ConfigResult r = load(null, map("aiecs.governor.exclude-class-loaders",
        " com.example.PluginLoader ; org.acme.Isolated$Loader,com.example.PluginLoader,"), Map.of());

    assertThat(r.problems()).isEmpty();
    assertThat(r.config().excludedClassLoaders())
        .containsExactlyInAnyOrder("com.example.PluginLoader", "org.acme.Isolated$Loader");
    assertThat(load("exclude-class-loaders=a.B", Map.of(), Map.of()).config().excludedClassLoaders())
        .containsExactly("a.B");
    assertThat(load(null, Map.of(), map("AIECS_GOVERNOR_EXCLUDE_CLASS_LOADERS", "a.B")).config()
        .excludedClassLoaders()).containsExactly("a.B");
  }

  @Test
  void anEntryThatIsNoClassNameIsAProblemNamingIt() {
    ConfigResult r = load(null, map("aiecs.governor.exclude-class-loaders", "com.example.Loader, com/example/Other"),
        Map.of());

    assertThat(r.valid()).isFalse();
    assertThat(r.problems()).containsExactly("aiecs.governor.exclude-class-loaders=com.example.Loader,"
        + " com/example/Other (system property): bad entry \"com/example/Other\""
        + " (expected fully.qualified.ClassLoaderClass)");
  }
}

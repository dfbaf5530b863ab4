package io.aiecs.governor.agent.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiecs.governor.agent.config.ConfigLoader;
import io.aiecs.governor.agent.config.GovernorConfig;
import io.aiecs.governor.agent.config.PropertiesReader;
import io.aiecs.governor.agent.runtime.CallSiteRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class InstrumentationModulesTest {
  private static final List<InstrumentationModule> MODULES = InstrumentationModules.all(GovernorConfig.defaults());

  @Test
  void namesAreUniqueKebabCaseAndWhatTheSwitchAccepts() {
    assertThat(InstrumentationModules.names()).hasSize(MODULES.size())
        .contains("openai-java", "okhttp-deadline", "tool-methods", "entry-points", "executors")
        .allMatch(n -> n.matches("[a-z0-9]+(-[a-z0-9]+)*"), "kebab-case");

    GovernorConfig config = ConfigLoader.load(null,
        Map.of("aiecs.governor.instrumentation.openai-java.enabled", "false"), Map.of(),
        PropertiesReader.files(), InstrumentationModules.names()).config();

    assertThat(InstrumentationModules.enabled(config)).extracting(InstrumentationModule::name)
        .doesNotContain("openai-java")
        .containsExactlyElementsOf(InstrumentationModules.names().stream().filter(n -> !n.equals("openai-java"))
            .toList());
  }

  /**
   * A module is registered lazily, when one of the types {@link ModuleTypes} names for it loads: those must be exactly
   * the types its advised methods are declared on (a type missing there would never be woven).
   */
  @Test
  void moduleTypesAreTheTypesEachModuleWeaves() {
    for (InstrumentationModule m : MODULES) {
      List<AdvisedMethod> methods = m.advisedMethods(new CallSiteRegistry());
      List<String> exact = methods.stream().filter(a -> a.types() == null).map(AdvisedMethod::typeName)
          .distinct().sorted().toList();
      List<String> supertypes = methods.stream().filter(a -> a.types() != null).map(AdvisedMethod::typeName)
          .distinct().sorted().toList();
      ModuleTypes declared = ModuleTypes.of(m.name());
      if (m.name().equals("tool-methods") || m.name().equals("entry-points")) {
        assertThat(declared).as("%s weaves the types the configuration names: registered at start", m.name())
            .isNull();
        continue;
      }
      assertThat(declared).as("ModuleTypes.of(\"%s\"): exact %s, supertypes %s", m.name(), exact, supertypes)
          .isNotNull();
      assertThat(declared.exact().stream().sorted().toList()).as("%s: exact types", m.name())
          .isEqualTo(exact);
      assertThat(declared.supertypes().stream().sorted().toList()).as("%s: supertypes", m.name())
          .isEqualTo(supertypes);
    }
  }

  @Test
  void eachNameMakesItsModuleAndTheDeferredAndEagerOnesAreTheEnabledOnes() {
    GovernorConfig defaults = GovernorConfig.defaults();
    for (String name : InstrumentationModules.names()) {
      assertThat(InstrumentationModules.create(name, defaults).name()).isEqualTo(name);
    }
    GovernorConfig config = ConfigLoader.load(null,
        Map.of("aiecs.governor.instrumentation.openai-java.enabled", "false"), Map.of(),
        PropertiesReader.files(), InstrumentationModules.names()).config();
    List<String> deferred = InstrumentationModules.deferred(config).stream().map(Weaver.Deferred::name).toList();
    List<String> eager = InstrumentationModules.eager(config).stream().map(InstrumentationModule::name).toList();
    assertThat(eager).containsExactly("tool-methods", "entry-points");
    assertThat(deferred).doesNotContain("openai-java").doesNotContainAnyElementsOf(eager);
    assertThat(java.util.stream.Stream.concat(deferred.stream(), eager.stream()))
        .containsExactlyInAnyOrderElementsOf(InstrumentationModules.enabled(config).stream()
            .map(InstrumentationModule::name).toList());
    assertThat(InstrumentationModules.deferred(config)).allSatisfy(d ->
        assertThat(d.module().get().name()).isEqualTo(d.name()));
  }

  @Test
  void everyModuleSaysWhatItSupports() {
    assertThat(MODULES).allSatisfy(m -> assertThat(m.support())
        .as("%s declares no support(): add it, for the README's table of supported libraries", m.name())
        .isNotNull());
  }

  /**
   * The versions a library's row claims are those its integration tests pin: each parent-pom property named
   * after the artifact ({@code <artifactId>.version}, {@code <artifactId>-<variant>.version}) holds a listed one.
   */
  @Test
  void versionsTestedAreThePinnedOnes() throws Exception {
    String pom = Files.readString(Path.of("..", "pom.xml"));
    for (InstrumentationModule m : MODULES) {
      LibrarySupport s = m.support();
      if (s == null || s.coordinates() == null) {
        continue;
      }
      String artifact = s.coordinates().substring(s.coordinates().indexOf(':') + 1);
      Matcher pinned = Pattern.compile("<(" + Pattern.quote(artifact) + "(-[a-z0-9-]+)?\\.version)>([^<]+)<")
          .matcher(pom);
      while (pinned.find()) {
        assertThat(s.versionsTested()).as("%s: pom property %s", m.name(), pinned.group(1))
            .contains(pinned.group(3));
      }
    }
    assertThat(pom).contains("<openai-java.version>4.101.0<");
  }

  @Test
  void theTableHasARowPerModuleWithItsSwitch() {
    String table = InstrumentationModules.supportTable();

    assertThat(table.lines().skip(2)).hasSize(MODULES.size());
    assertThat(table).contains("| OpenAI Java SDK | `com.openai:openai-java` | 4.101.0, 2.0.0 | "
        + "chat completions and Responses API: `create`, `createStreaming` | ✓ | `CompletableFuture` | "
        + "`StreamResponse`, `AsyncStreamResponse` | — | `openai-java` |");
    assertThat(table.lines().findFirst().orElseThrow()).isEqualTo("| library | Maven coordinates | versions tested"
        + " | intercepted | sync | async | streaming | tools | switch: `instrumentation.<name>.enabled` |");
  }

}

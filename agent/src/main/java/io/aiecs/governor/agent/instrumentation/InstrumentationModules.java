package io.aiecs.governor.agent.instrumentation;

import io.aiecs.governor.agent.instrumentation.anthropic.AnthropicInstrumentationModule;
import io.aiecs.governor.agent.instrumentation.bedrock.BedrockInstrumentationModule;
import io.aiecs.governor.agent.instrumentation.executors.ExecutorsModule;
import io.aiecs.governor.agent.instrumentation.genai.GenAiInstrumentationModule;
import io.aiecs.governor.agent.instrumentation.langchain4j.LangChain4jInstrumentationModule;
import io.aiecs.governor.agent.instrumentation.mcp.McpInstrumentationModule;
import io.aiecs.governor.agent.instrumentation.http.HttpFallbackModule;
import io.aiecs.governor.agent.instrumentation.okhttp.OkHttpDeadlineModule;
import io.aiecs.governor.agent.instrumentation.openai.OpenAiInstrumentationModule;
import io.aiecs.governor.agent.instrumentation.springai.SpringAiInstrumentationModule;
import io.aiecs.governor.agent.config.GovernorConfig;
import io.aiecs.governor.agent.instrumentation.tools.EntryPointsModule;
import io.aiecs.governor.agent.instrumentation.tools.ToolMethodsModule;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Every instrumentation module the agent ships. */
public final class InstrumentationModules {
  private InstrumentationModules() {}

  /**
   * The name of every module, in shipping order: what {@code instrumentation.<name>.enabled} accepts. Plain strings,
   * so that reading the configuration loads no module (issue 6: listing them by making them cost every start
   * their classes and Byte Buddy's matchers); {@link #create} makes each.
   */
  private static final List<String> NAMES = List.of("openai-java", "anthropic-java", "google-genai",
      "aws-bedrock-runtime", "okhttp-deadline", "tool-methods", "entry-points", "executors", "langchain4j",
      "spring-ai", "mcp", "http-fallback");

  /** The module named {@code name} (one of {@link #names()}). */
  static InstrumentationModule create(String name, GovernorConfig config) {
    return switch (name) {
      case "openai-java" -> new OpenAiInstrumentationModule();
      case "anthropic-java" -> new AnthropicInstrumentationModule();
      case "google-genai" -> new GenAiInstrumentationModule();
      case "aws-bedrock-runtime" -> new BedrockInstrumentationModule();
      case "okhttp-deadline" -> new OkHttpDeadlineModule();
      case "tool-methods" -> new ToolMethodsModule(config.toolMethods());
      case "entry-points" -> new EntryPointsModule(config.entryPoints());
      case "executors" -> new ExecutorsModule();
      case "langchain4j" -> new LangChain4jInstrumentationModule();
      case "spring-ai" -> new SpringAiInstrumentationModule();
      case "mcp" -> new McpInstrumentationModule();
      case "http-fallback" -> new HttpFallbackModule();
      default -> throw new IllegalArgumentException("no instrumentation module " + name);
    };
  }

  /** The client-library modules, and the application's own tool methods named in the configuration. */
  public static List<InstrumentationModule> all(GovernorConfig config) {
    List<InstrumentationModule> modules = new ArrayList<>(NAMES.size());
    for (String name : NAMES) {
      modules.add(create(name, config));
    }
    return modules;
  }

  /** The modules the configuration leaves on ({@code aiecs.governor.instrumentation.<name>.enabled}). */
  public static List<InstrumentationModule> enabled(GovernorConfig config) {
    List<InstrumentationModule> enabled = new ArrayList<>();
    for (InstrumentationModule m : all(config)) {
      if (config.instrumentationEnabled(m.name())) {
        enabled.add(m);
      }
    }
    return enabled;
  }

  /**
   * The enabled modules whose woven types are known by name ({@link ModuleTypes}): each is made and registered by
   * the weaver when the first of its classes loads, so that a host pays only for the libraries it uses.
   */
  public static List<Weaver.Deferred> deferred(GovernorConfig config) {
    List<Weaver.Deferred> deferred = new ArrayList<>();
    for (String name : NAMES) {
      ModuleTypes types = ModuleTypes.of(name);
      if (types != null && config.instrumentationEnabled(name)) {
        deferred.add(new Weaver.Deferred(name, types, new Maker(name, config)));
      }
    }
    return deferred;
  }

  /** The enabled modules registered at start: those whose woven types come from the configuration. */
  public static List<InstrumentationModule> eager(GovernorConfig config) {
    List<InstrumentationModule> eager = new ArrayList<>();
    for (String name : NAMES) {
      if (ModuleTypes.of(name) == null && config.instrumentationEnabled(name)) {
        eager.add(create(name, config));
      }
    }
    return eager;
  }

  /** The name of every module, in shipping order: what {@code instrumentation.<name>.enabled} accepts. */
  public static Set<String> names() {
    return new LinkedHashSet<>(NAMES);
  }

  /** Makes one module when the weaver first needs it (a class, not a lambda: nothing spun at start). */
  private record Maker(String name, GovernorConfig config) implements java.util.function.Supplier<InstrumentationModule> {
    @Override
    public InstrumentationModule get() {
      return create(name, config);
    }
  }

  /** The README's table of supported libraries, one row per module, from {@link InstrumentationModule#support()}. */
  public static String supportTable() {
    StringBuilder table = new StringBuilder("| library | Maven coordinates | versions tested | intercepted |");
    for (LibrarySupport.Mode mode : LibrarySupport.Mode.values()) {
      table.append(' ').append(mode.label()).append(" |");
    }
    table.append(" switch: `instrumentation.<name>.enabled` |\n|---|---|---|---|");
    table.append("---|".repeat(LibrarySupport.Mode.values().length)).append("---|\n");
    for (InstrumentationModule m : all(GovernorConfig.defaults())) {
      LibrarySupport s = m.support();
      if (s == null) {
        continue;
      }
      table.append("| ").append(s.library())
          .append(" | ").append(s.coordinates() == null ? "—" : "`" + s.coordinates() + "`")
          .append(" | ").append(s.versionsTested().isEmpty() ? "—" : String.join(", ", s.versionsTested()))
          .append(" | ").append(s.intercepted());
      for (LibrarySupport.Mode mode : LibrarySupport.Mode.values()) {
        table.append(" | ").append(s.modes().getOrDefault(mode, "—"));
      }
      table.append(" | `").append(m.name()).append("` |\n");
    }
    return table.toString();
  }
}

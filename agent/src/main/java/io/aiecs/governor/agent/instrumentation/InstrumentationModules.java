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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Every instrumentation module the agent ships. */
public final class InstrumentationModules {
  private InstrumentationModules() {}

  /** The client-library modules, and the application's own tool methods named in the configuration. */
  public static List<InstrumentationModule> all(GovernorConfig config) {
    return List.of(new OpenAiInstrumentationModule(), new AnthropicInstrumentationModule(),
        new GenAiInstrumentationModule(), new BedrockInstrumentationModule(), new OkHttpDeadlineModule(),
        new ToolMethodsModule(config.toolMethods()), new EntryPointsModule(config.entryPoints()),
        new ExecutorsModule(),
        new LangChain4jInstrumentationModule(),
        new SpringAiInstrumentationModule(),
        new McpInstrumentationModule(),
        new HttpFallbackModule());
  }

  /** The modules the configuration leaves on ({@code aiecs.governor.instrumentation.<name>.enabled}). */
  public static List<InstrumentationModule> enabled(GovernorConfig config) {
    return all(config).stream().filter(m -> config.instrumentationEnabled(m.name())).toList();
  }

  /** The name of every module, in shipping order: what {@code instrumentation.<name>.enabled} accepts. */
  public static Set<String> names() {
    Set<String> names = new LinkedHashSet<>();
    all(GovernorConfig.defaults()).forEach(m -> names.add(m.name()));
    return names;
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

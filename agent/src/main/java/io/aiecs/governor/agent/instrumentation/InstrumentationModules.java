package io.aiecs.governor.agent.instrumentation;

import io.aiecs.governor.agent.instrumentation.executors.ExecutorsModule;
import io.aiecs.governor.agent.instrumentation.http.HttpFallbackModule;
import io.aiecs.governor.agent.instrumentation.okhttp.OkHttpDeadlineModule;
import io.aiecs.governor.agent.instrumentation.openai.OpenAiInstrumentationModule;
import io.aiecs.governor.agent.config.GovernorConfig;
import io.aiecs.governor.agent.instrumentation.tools.EntryPointsModule;
import io.aiecs.governor.agent.instrumentation.tools.ToolMethodsModule;
import java.util.List;

/** Every instrumentation module the agent ships. */
public final class InstrumentationModules {
  private InstrumentationModules() {}

  /** The client-library modules, and the application's own tool methods named in the configuration. */
  public static List<InstrumentationModule> all(GovernorConfig config) {
    return List.of(new OpenAiInstrumentationModule(), new OkHttpDeadlineModule(),
        new ToolMethodsModule(config.toolMethods()), new EntryPointsModule(config.entryPoints()),
        new ExecutorsModule(!config.entryPoints().isEmpty()), new HttpFallbackModule());
  }
}

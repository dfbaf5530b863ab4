package io.aiecs.governor.agent.instrumentation;

import io.aiecs.governor.agent.instrumentation.openai.OpenAiInstrumentationModule;
import java.util.List;

/** Every instrumentation module the agent ships. */
public final class InstrumentationModules {
  private InstrumentationModules() {}

  public static List<InstrumentationModule> all() {
    return List.of(new OpenAiInstrumentationModule());
  }
}

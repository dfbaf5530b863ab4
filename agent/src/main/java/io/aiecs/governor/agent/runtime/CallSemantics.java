package io.aiecs.governor.agent.runtime;

import io.aiecs.governor.agent.usage.TextPath;

/**
 * How telemetry names a call in the OpenTelemetry GenAI conventions, and where the library keeps the facts it
 * reports: the model asked for (on the request), the model that answered (on the response) and the server's
 * base URL (on the client object). Declared by the instrumentation, which knows the library; a path that finds
 * nothing leaves its attribute out.
 *
 * @param providerName  {@code gen_ai.provider.name}, e.g. {@code openai}
 * @param operationName {@code gen_ai.operation.name}, e.g. {@code chat}
 */
public record CallSemantics(String providerName, String operationName, TextPath requestModel,
                            TextPath responseModel, TextPath serverUrl) {

  /** Names only; no model or server is read. */
  public static CallSemantics named(String providerName, String operationName) {
    return new CallSemantics(providerName, operationName, TextPath.NONE, TextPath.NONE, TextPath.NONE);
  }
}

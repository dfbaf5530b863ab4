package io.aiecs.governor.agent.instrumentation;

import java.util.List;

/**
 * The types a client module weaves, by name, known without making the module: the weaver registers a module (its
 * call sites, Byte Buddy matchers and reference checks) only when the first of these classes loads, or, for
 * {@code supertypes}, when a class loads in a class loader that sees one of them. A host thus pays at start only
 * for the libraries it uses (issue 6). {@code InstrumentationModulesTest} checks each entry against what its
 * module's {@link InstrumentationModule#advisedMethods} declares: a module whose types change must change here.
 *
 * @param exact      the types woven by exact name ({@link AdvisedMethod#typeName()}, no subtype matcher)
 * @param supertypes the types whose subtypes are woven ({@link AdvisedMethod#inSubtypes()})
 */
public record ModuleTypes(List<String> exact, List<String> supertypes) {
  /** Built, not written: the agent jar's shading rewrites every literal "okhttp3…" to its relocated copy's name. */
  private static final String REAL_CALL = "okhttp".concat("3.internal.connection.RealCall");

  private static ModuleTypes exact(String... types) {
    return new ModuleTypes(List.of(types), List.of());
  }

  /**
   * The types of the module named {@code module}, or null for a module whose types come from the configuration
   * (the application's own tool methods and entry points), which is registered at start.
   */
  static ModuleTypes of(String module) {
    return switch (module) {
      case "openai-java" -> exact("com.openai.services.blocking.chat.ChatCompletionServiceImpl",
          "com.openai.services.async.chat.ChatCompletionServiceAsyncImpl",
          "com.openai.services.blocking.ResponseServiceImpl", "com.openai.services.async.ResponseServiceAsyncImpl",
          "com.openai.client.okhttp.OkHttpClient", "com.openai.core.DefaultSleeper",
          "com.openai.core.http.RetryingHttpClient$Builder$sleeper$1");
      case "anthropic-java" -> exact("com.anthropic.services.blocking.MessageServiceImpl",
          "com.anthropic.services.async.MessageServiceAsyncImpl", "com.anthropic.services.blocking.beta.MessageServiceImpl",
          "com.anthropic.services.async.beta.MessageServiceAsyncImpl", "com.anthropic.helpers.BetaToolRunner",
          "com.anthropic.client.okhttp.OkHttpClient", "com.anthropic.core.DefaultSleeper");
      case "google-genai" -> exact("com.google.genai.Models", "com.google.genai.AsyncModels",
          "com.google.genai.ResponseStream", "com.google.genai.ResponseStream$ResponseStreamIterator",
          "com.google.genai.AfcUtil");
      case "aws-bedrock-runtime" -> exact("software.amazon.awssdk.services.bedrockruntime.DefaultBedrockRuntimeClient",
          "software.amazon.awssdk.services.bedrockruntime.DefaultBedrockRuntimeAsyncClient");
      case "okhttp-deadline" -> exact(REAL_CALL);
      case "executors" -> exact("java.util.concurrent.ThreadPoolExecutor", "java.util.concurrent.ForkJoinPool",
          "java.util.concurrent.ScheduledThreadPoolExecutor");
      case "langchain4j" -> new ModuleTypes(List.of("dev.langchain4j.service.tool.ToolService"),
          List.of("dev.langchain4j.model.chat.ChatModel", "dev.langchain4j.model.chat.StreamingChatModel"));
      case "spring-ai" -> new ModuleTypes(List.of("org.springframework.ai.tool.method.MethodToolCallback",
          "org.springframework.ai.tool.function.FunctionToolCallback"),
          List.of("org.springframework.ai.chat.model.ChatModel"));
      case "mcp" -> exact("io.modelcontextprotocol.client.McpAsyncClient");
      case "http-fallback" -> exact(REAL_CALL, "jdk.internal.net.http.HttpClientFacade");
      default -> null;
    };
  }
}

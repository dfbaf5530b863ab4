package io.aiecs.governor.agent.instrumentation.springai;

import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.aiecs.governor.agent.instrumentation.AdvisedMethod;
import io.aiecs.governor.agent.instrumentation.InstrumentationModule;
import io.aiecs.governor.agent.instrumentation.LibrarySupport;
import io.aiecs.governor.agent.runtime.CallSemantics;
import io.aiecs.governor.agent.runtime.CallSiteRegistry;
import io.aiecs.governor.agent.runtime.StreamingCall;
import io.aiecs.governor.agent.streams.ReactivePublishers;
import io.aiecs.governor.agent.usage.PropertyPath;
import io.aiecs.governor.agent.usage.TextPath;
import io.aiecs.governor.agent.usage.UsageShape;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Spring AI ({@code org.springframework.ai}): every implementation of {@code ChatModel} (OpenAI, Anthropic,
 * Ollama, … and the application's own), {@code call(Prompt)} blocking and {@code stream(Prompt)} as a cold
 * {@code Flux<ChatResponse>} admitted on subscription; and tool executions through {@code MethodToolCallback} and
 * {@code FunctionToolCallback} (a refused tool throws Spring AI's own {@code ToolExecutionException}, which the
 * tool loop turns into the tool's error result for the model). The gate sits at this layer: the provider SDK below (openai-java for
 * spring-ai-openai 2.x) runs inside the governed call, also when a stream starts it on subscription, and
 * passes through.
 */
public final class SpringAiInstrumentationModule implements InstrumentationModule {
  static final String LIBRARY = "spring-ai";
  private static final String CHAT_MODEL = "org.springframework.ai.chat.model.ChatModel";
  private static final String PROMPT = "org.springframework.ai.chat.prompt.Prompt";
  private static final String TOOL_CONTEXT = "org.springframework.ai.chat.model.ToolContext";

  /** {@code ChatResponse.getMetadata().getUsage()}: Spring AI's own {@code Usage}, whatever the provider. */
  static final UsageShape USAGE = UsageShape.of("getMetadata.getUsage",
      "getPromptTokens", "getCompletionTokens", "getTotalTokens", "getCacheReadInputTokens", null);
  static final CallSemantics CHAT = new CallSemantics(LIBRARY, "chat",
      TextPath.anyOf("getOptions.getModel"), TextPath.anyOf("getMetadata.getModel"), TextPath.NONE);

  /**
   * A streamed {@code ChatResponse}: its usage when it reports some (chunks without usage carry an
   * {@code EmptyUsage} of zeros, which must not hide the estimate), and its text for the estimate.
   */
  private static final PropertyPath TOTAL = PropertyPath.of("getMetadata", "getUsage", "getTotalTokens");
  private static final TextPath TEXT = TextPath.anyOf("getResult.getOutput.getText");
  static final ReactivePublishers.ElementReader CHUNK = (chunk, call) -> readChunk(chunk, call);

  @Override
  public LibrarySupport support() {
    return LibrarySupport.of("Spring AI `ChatModel` (any implementation)", "org.springframework.ai:spring-ai-model",
            "`call(Prompt)`, `stream(Prompt)`; `MethodToolCallback`, `FunctionToolCallback` executions", "2.0.1",
            "1.1.2")
        .with(LibrarySupport.Mode.SYNC, "✓")
        .with(LibrarySupport.Mode.STREAMING, "`Flux`: gated on subscribe, released on complete/error/cancel")
        .with(LibrarySupport.Mode.TOOLS,
            "`ToolCallback`: a refusal is the tool's `ToolExecutionException`, sent to the model as its error result");
  }

  @Override
  public String name() {
    return LIBRARY;
  }

  @Override
  public List<AdvisedMethod> advisedMethods(CallSiteRegistry sites) {
    sites.registerClientRejection(LIBRARY, SpringAiTransientException::create);
    int call = sites.register(LIBRARY, "call", USAGE, CHAT);
    int stream = sites.register(LIBRARY, "stream", USAGE, CHAT);
    sites.registerDeferred(stream, ReactivePublishers.flux(CHUNK));
    int tools = sites.registerToolSite(new CallSiteRegistry.ToolSite(LIBRARY, CallSiteRegistry.ToolSite.SELF,
        TextPath.anyOf("getToolDefinition.name"), CallSiteRegistry.ToolSite.SELF,
        SpringAiToolExecutionException::create));
    ElementMatcher<MethodDescription> tool = named("call").and(takesArguments(2))
        .and(takesArgument(0, String.class)).and(takesArgument(1, named(TOOL_CONTEXT)))
        .and(not(isStatic())).and(not(isBridge()));
    return List.of(
        AdvisedMethod.call(CHAT_MODEL, promptMethod("call"), call).inSubtypes(),
        AdvisedMethod.deferred(CHAT_MODEL, promptMethod("stream"), stream).inSubtypes(),
        // each one's call(String) delegates to call(String, ToolContext), the method the tool loop calls
        AdvisedMethod.toolExecution("org.springframework.ai.tool.method.MethodToolCallback", tool, tools),
        AdvisedMethod.toolExecution("org.springframework.ai.tool.function.FunctionToolCallback", tool, tools));
  }

  private static ElementMatcher<MethodDescription> promptMethod(String name) {
    return named(name).and(takesArguments(1)).and(takesArgument(0, named(PROMPT)))
        .and(not(isStatic())).and(not(isBridge()));
  }

  static void readChunk(Object chunk, StreamingCall call) {
    if (TOTAL.readLong(chunk) > 0) {
      call.element(chunk);
    }
    String text = TEXT.read(chunk);
    if (text != null) {
      call.text(text);
    }
  }
}

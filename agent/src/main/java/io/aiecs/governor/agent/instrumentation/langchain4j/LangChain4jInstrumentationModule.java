package io.aiecs.governor.agent.instrumentation.langchain4j;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.aiecs.governor.agent.instrumentation.AdvisedMethod;
import io.aiecs.governor.agent.instrumentation.InstrumentationModule;
import io.aiecs.governor.agent.instrumentation.LibrarySupport;
import io.aiecs.governor.agent.runtime.CallSemantics;
import io.aiecs.governor.agent.runtime.CallSiteRegistry;
import io.aiecs.governor.agent.usage.TextPath;
import io.aiecs.governor.agent.usage.UsageShape;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * LangChain4j ({@code dev.langchain4j:langchain4j-core} and any provider module), checked with javap against
 * 1.14.1 and 1.19.0:
 * <ul>
 *   <li>{@code ChatModel.doChat(ChatRequest)}, which every {@code chat(...)} overload ends in, in every class
 *       implementing {@code ChatModel} (providers override this default method). The provider's retry loop runs
 *       inside it, so one logical call is admitted and charged once however often it is retried; the HTTP
 *       client it calls ({@code java.net.http} for the OpenAI module) runs on this thread inside the governed
 *       call and passes through.</li>
 *   <li>{@code StreamingChatModel.doChat(ChatRequest, StreamingChatResponseHandler)}: admitted on entry, the
 *       handler wrapped ({@link StreamingHandlers}); usage from {@code onCompleteResponse(ChatResponse)}.</li>
 *   <li>AiServices' tool execution, {@code ToolService.executeWithErrorHandling(request, executor, ...)}: each
 *       execution takes a tool call of the running agent; a refused tool fails inside LangChain4j's error
 *       handling, so its {@code ToolExecutionErrorHandler} reports it (by default: the refusal's message goes
 *       back to the model as the tool's result).</li>
 * </ul>
 * Only classes named {@code dev.langchain4j.*} (and Quarkus' {@code io.quarkiverse.langchain4j.*}) are matched as
 * implementations, so that the type hierarchy is resolved for few classes.
 */
public final class LangChain4jInstrumentationModule implements InstrumentationModule {
  static final String LIBRARY = "langchain4j";
  static final String CHAT_MODEL = "dev.langchain4j.model.chat.ChatModel";
  static final String STREAMING_CHAT_MODEL = "dev.langchain4j.model.chat.StreamingChatModel";
  static final String CHAT_REQUEST = "dev.langchain4j.model.chat.request.ChatRequest";
  static final String HANDLER = "dev.langchain4j.model.chat.response.StreamingChatResponseHandler";
  static final String TOOL_SERVICE = "dev.langchain4j.service.tool.ToolService";
  static final String TOOL_REQUEST = "dev.langchain4j.agent.tool.ToolExecutionRequest";
  static final String TOOL_EXECUTOR = "dev.langchain4j.service.tool.ToolExecutor";

  /** {@code ChatResponse.tokenUsage()}; the details exist on {@code OpenAiTokenUsage} only (absent elsewhere). */
  static final UsageShape USAGE = UsageShape.of("tokenUsage",
      "inputTokenCount", "outputTokenCount", "totalTokenCount",
      "inputTokensDetails.cachedTokens", "outputTokensDetails.reasoningTokens")
      .withToolCallsRequested("aiMessage.toolExecutionRequests");
  /**
   * The request reaches {@code doChat} merged with the model's defaults, so its {@code modelName()} is the model
   * asked for; the server is the base URL of the provider's client where it keeps one ({@code client.baseUrl}:
   * the OpenAI module).
   */
  static final CallSemantics CHAT = new CallSemantics(LIBRARY, "chat",
      TextPath.anyOf("modelName", "parameters.modelName"), TextPath.anyOf("modelName", "metadata.modelName"),
      TextPath.anyOf("@client.@baseUrl"));
  static final ElementMatcher<TypeDescription> IMPLEMENTATIONS =
      nameStartsWith("dev.langchain4j.").or(nameStartsWith("io.quarkiverse.langchain4j."));

  @Override
  public LibrarySupport support() {
    return LibrarySupport.of("LangChain4j", "dev.langchain4j:langchain4j",
            "`ChatModel.doChat` and `StreamingChatModel.doChat` of every `dev.langchain4j.*` model (tested with"
                + " `langchain4j-open-ai`); AiServices tool executions", "1.19.0", "1.14.1")
        .with(LibrarySupport.Mode.SYNC, "✓")
        .with(LibrarySupport.Mode.STREAMING, "`StreamingChatResponseHandler` callbacks")
        .with(LibrarySupport.Mode.TOOLS, "AiServices: a refused tool fails in its error handler");
  }

  @Override
  public String name() {
    return LIBRARY;
  }

  @Override
  public List<AdvisedMethod> advisedMethods(CallSiteRegistry sites) {
    sites.registerClientRejection(LIBRARY, LangChain4jRateLimitException::create);
    int chat = sites.register(LIBRARY, "chat", USAGE, CHAT);
    int streaming = sites.register(LIBRARY, "chat", USAGE, CHAT);
    sites.registerTracker(streaming, StreamingHandlers::track);
    int tools = sites.registerToolSite(new CallSiteRegistry.ToolSite(LIBRARY, 0, TextPath.anyOf("name"), 1,
        CallSiteRegistry.ToolRefusal.throwingFrom("execute")));
    return List.of(
        AdvisedMethod.call(CHAT_MODEL, named("doChat").and(takesArguments(1))
            .and(takesArgument(0, named(CHAT_REQUEST)))
            .and(not(isAbstract())).and(not(isStatic())).and(not(isBridge())), chat)
            .inSubtypes(IMPLEMENTATIONS),
        AdvisedMethod.handler(STREAMING_CHAT_MODEL, named("doChat").and(takesArguments(2))
            .and(takesArgument(0, named(CHAT_REQUEST))).and(takesArgument(1, named(HANDLER)))
            .and(not(isAbstract())).and(not(isStatic())).and(not(isBridge())), streaming)
            .inSubtypes(IMPLEMENTATIONS),
        AdvisedMethod.toolExecution(TOOL_SERVICE, named("executeWithErrorHandling").and(isStatic())
            .and(takesArgument(0, named(TOOL_REQUEST))).and(takesArgument(1, named(TOOL_EXECUTOR))), tools));
  }
}

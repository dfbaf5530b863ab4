package io.aiecs.governor.agent.instrumentation.openai;

import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.aiecs.governor.agent.instrumentation.AdvisedMethod;
import io.aiecs.governor.agent.instrumentation.InstrumentationModule;
import io.aiecs.governor.agent.instrumentation.LibrarySupport;
import io.aiecs.governor.agent.instrumentation.references.Reference;
import io.aiecs.governor.agent.runtime.CallSemantics;
import io.aiecs.governor.agent.runtime.CallSiteRegistry;
import io.aiecs.governor.agent.usage.TextPath;
import io.aiecs.governor.agent.usage.UsageShape;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The OpenAI Java SDK ({@code com.openai:openai-java}): chat completions and the Responses API, blocking and
 * {@code CompletableFuture}. The service {@code *Impl} classes are final Kotlin classes whose interface
 * overloads all end in {@code create(params, RequestOptions)}, so that one method per class is advised. It
 * wraps the SDK's own retries, so one logical call is admitted once however often the SDK retries it.
 */
public final class OpenAiInstrumentationModule implements InstrumentationModule {
  static final UsageShape CHAT_USAGE = UsageShape.of("usage",
      "promptTokens", "completionTokens", "totalTokens",
      "promptTokensDetails.cachedTokens", "completionTokensDetails.reasoningTokens")
      .withToolCallsRequested("choices.message.toolCalls");
  static final UsageShape RESPONSES_USAGE = UsageShape.of("usage",
      "inputTokens", "outputTokens", "totalTokens",
      "inputTokensDetails.cachedTokens", "outputTokensDetails.reasoningTokens")
      .withToolCallsRequested("output.functionCall");

  /**
   * Where openai-java keeps the model and the server (checked against 4.101.0 with javap). Chat requests hold a
   * {@code ChatModel} ({@code asString()}), chat responses a plain string; the Responses API holds a
   * {@code ResponsesModel} union, read variant by variant through its Optional accessors so that no
   * {@code asX()} of the wrong variant throws. Every service impl keeps its {@code ClientOptions} in a
   * private field {@code clientOptions}, whose {@code baseUrl()} names the server.
   */
  static final TextPath SERVER_URL = TextPath.anyOf("@clientOptions.baseUrl");
  static final TextPath RESPONSES_MODEL = TextPath.anyOf("model.string", "model.chat.asString", "model.only.asString");
  static final CallSemantics CHAT = new CallSemantics("openai", "chat",
      TextPath.anyOf("model.asString"), TextPath.anyOf("model"), SERVER_URL);
  // The Responses API creates a model response from messages: semconv's "chat" operation, as for completions.
  static final CallSemantics RESPONSES = new CallSemantics("openai", "chat",
      RESPONSES_MODEL, RESPONSES_MODEL, SERVER_URL);

  private static final String REQUEST_OPTIONS = "com.openai.core.RequestOptions";

  @Override
  public String name() {
    return "openai-java";
  }

  @Override
  public List<AdvisedMethod> advisedMethods(CallSiteRegistry sites) {
    sites.registerClientRejection("openai", OpenAiRateLimitException::create);
    int chat = sites.register("openai", "chat", CHAT_USAGE, CHAT);
    int responses = sites.register("openai", "responses", RESPONSES_USAGE, RESPONSES);
    var chatCreate = create("com.openai.models.chat.completions.ChatCompletionCreateParams");
    var responseCreate = create("com.openai.models.responses.ResponseCreateParams");
    return List.of(
        AdvisedMethod.call("com.openai.services.blocking.chat.ChatCompletionServiceImpl", chatCreate, chat),
        AdvisedMethod.call("com.openai.services.async.chat.ChatCompletionServiceAsyncImpl", chatCreate, chat),
        AdvisedMethod.call("com.openai.services.blocking.ResponseServiceImpl", responseCreate, responses),
        AdvisedMethod.call("com.openai.services.async.ResponseServiceAsyncImpl", responseCreate, responses));
  }

  /**
   * The usage accessors the call sites read (the {@code UsageShape}s above, as openai-java spells them since
   * 2.0.0), and the builders of {@code RateLimitException} for {@code reject-as=client}.
   */
  @Override
  public List<Reference> references() {
    List<Reference> refs = new ArrayList<>();
    String chat = "com.openai.models.chat.completions.ChatCompletion";
    String chatUsage = "com.openai.models.completions.CompletionUsage";
    String response = "com.openai.models.responses.Response";
    String responseUsage = "com.openai.models.responses.ResponseUsage";
    refs.add(Reference.method(chat, "usage"));
    refs.add(Reference.method(chatUsage, "promptTokens"));
    refs.add(Reference.method(chatUsage, "completionTokens"));
    refs.add(Reference.method(chatUsage, "totalTokens"));
    refs.add(Reference.method(response, "usage"));
    refs.add(Reference.method(responseUsage, "inputTokens"));
    refs.add(Reference.method(responseUsage, "outputTokens"));
    refs.add(Reference.method(responseUsage, "totalTokens"));
    refs.addAll(OpenAiRateLimitException.REFERENCES);
    return refs;
  }

  @Override
  public LibrarySupport support() {
    return LibrarySupport.of("OpenAI Java SDK", "com.openai:openai-java",
            "chat completions `create`, Responses API `create`", "4.101.0", "2.0.0")
        .with(LibrarySupport.Mode.SYNC, "✓")
        .with(LibrarySupport.Mode.ASYNC, "`CompletableFuture`");
  }

  private static ElementMatcher<MethodDescription> create(String paramsType) {
    return named("create")
        .and(takesArguments(2))
        .and(takesArgument(0, named(paramsType)))
        .and(takesArgument(1, named(REQUEST_OPTIONS)))
        .and(not(isStatic()))
        .and(not(isBridge()));
  }
}

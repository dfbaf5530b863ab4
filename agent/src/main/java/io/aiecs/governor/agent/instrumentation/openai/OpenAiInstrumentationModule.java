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
import io.aiecs.governor.agent.instrumentation.RateLimitedResponses;
import io.aiecs.governor.agent.instrumentation.references.Reference;
import io.aiecs.governor.agent.runtime.CallSemantics;
import io.aiecs.governor.agent.runtime.CallSiteRegistry;
import io.aiecs.governor.agent.streams.StreamResponses;
import io.aiecs.governor.agent.usage.ChunkText;
import io.aiecs.governor.agent.usage.TextPath;
import io.aiecs.governor.agent.usage.UsageShape;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The OpenAI Java SDK ({@code com.openai:openai-java}): chat completions and the Responses API, blocking and
 * {@code CompletableFuture}, and their streams ({@code createStreaming}, blocking and async: the call holds its
 * permit until the stream ends, is closed or is dropped). The service {@code *Impl} classes are final Kotlin classes whose interface
 * overloads all end in {@code create(params, RequestOptions)}, so that one method per class is advised. It
 * wraps the SDK's own retries, so one logical call is admitted once however often the SDK retries it. With
 * {@code reject-as=client} a call refused at its method goes on into the SDK, whose retry loop meets the refusal as a
 * 429 at its transport ({@code OkHttpClient.execute}, or for async calls {@code executeAsync}, admitted again per
 * attempt) and backs off and retries by itself.
 */
public final class OpenAiInstrumentationModule implements InstrumentationModule {
  /** Public for the benchmarks' usage-reading diagnostic, which measures this very shape. */
  public static final UsageShape CHAT_USAGE = UsageShape.of("usage",
      "promptTokens", "completionTokens", "totalTokens",
      "promptTokensDetails.cachedTokens", "completionTokensDetails.reasoningTokens")
      .withToolCallsRequested("choices.message.toolCalls");
  static final UsageShape RESPONSES_USAGE = responsesUsageAt("usage").withToolCallsRequested("output.functionCall");
  /** A chat stream reports usage on its last chunk, and only when the request asked for it ({@code include_usage}). */
  static final UsageShape CHAT_CHUNK_USAGE = UsageShape.of("usage",
      "promptTokens", "completionTokens", "totalTokens",
      "promptTokensDetails.cachedTokens", "completionTokensDetails.reasoningTokens");
  /** A Responses stream reports usage on the event that ends it: completed, incomplete or failed. */
  static final UsageShape RESPONSES_EVENT_USAGE = responsesUsageAt("completed.response.usage")
      .orElse(responsesUsageAt("incomplete.response.usage"))
      .orElse(responsesUsageAt("failed.response.usage"));

  /** The Responses API's usage fields, read from the usage object at {@code container}. */
  private static UsageShape responsesUsageAt(String container) {
    return UsageShape.of(container, "inputTokens", "outputTokens", "totalTokens",
        "inputTokensDetails.cachedTokens", "outputTokensDetails.reasoningTokens");
  }

  static final ChunkText CHAT_CHUNK_TEXT = ChunkText.inEach("choices", "delta.content");
  static final ChunkText RESPONSES_EVENT_TEXT = ChunkText.at("outputTextDelta.delta");

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
  private static final String HTTP_REQUEST = "com.openai.core.http.HttpRequest";
  /**
   * The HTTP layer the SDK's {@code RetryingHttpClient} calls once per attempt (javap-checked in 4.101.0 and
   * 2.0.0: {@code execute(HttpRequest, RequestOptions)} returning {@code HttpResponse}, and
   * {@code executeAsync(HttpRequest, RequestOptions)} returning {@code CompletableFuture<HttpResponse>}).
   */
  private static final String TRANSPORT = "com.openai.client.okhttp.OkHttpClient";

  @Override
  public String name() {
    return "openai-java";
  }

  @Override
  public List<AdvisedMethod> advisedMethods(CallSiteRegistry sites) {
    sites.registerClientRejection("openai", OpenAiRateLimitException::create);
    int chat = sites.register("openai", "chat", CHAT_USAGE, CHAT);
    int responses = sites.register("openai", "responses", RESPONSES_USAGE, RESPONSES);
    // the async calls are sites of their own (same operations): they are retried at the async transport
    int chatAsync = sites.register("openai", "chat", CHAT_USAGE, CHAT);
    int responsesAsync = sites.register("openai", "responses", RESPONSES_USAGE, RESPONSES);
    // Streams: same semantics, usage read from the chunks; the call lasts until the stream ends.
    int chatStream = sites.register("openai", "chat-stream", CHAT_CHUNK_USAGE, CHAT);
    int chatStreamAsync = sites.register("openai", "chat-stream-async", CHAT_CHUNK_USAGE, CHAT);
    int responsesStream = sites.register("openai", "responses-stream", RESPONSES_EVENT_USAGE, RESPONSES);
    int responsesStreamAsync = sites.register("openai", "responses-stream-async", RESPONSES_EVENT_USAGE, RESPONSES);
    // reject-as=client: a call's refusal goes to the SDK's retry loop, attempt by attempt, at its transport
    int transport = sites.registerAttemptTransport(OpenAiRateLimitException::refusedAttempt);
    int asyncTransport = sites.registerAsyncAttemptTransport(OpenAiRateLimitException::refusedAttempt);
    for (int blocking : new int[] {chat, responses, chatStream, responsesStream}) {
      sites.retryAtTransport(blocking, transport);
    }
    for (int async : new int[] {chatAsync, responsesAsync, chatStreamAsync, responsesStreamAsync}) {
      sites.retryAtTransport(async, asyncTransport);
    }
    sites.registerTracker(chatStream, StreamResponses.blocking(CHAT_CHUNK_TEXT));
    sites.registerTracker(responsesStream, StreamResponses.blocking(RESPONSES_EVENT_TEXT));
    sites.registerTracker(chatStreamAsync, StreamResponses.async(CHAT_CHUNK_TEXT));
    sites.registerTracker(responsesStreamAsync, StreamResponses.async(RESPONSES_EVENT_TEXT));

    String chatParams = "com.openai.models.chat.completions.ChatCompletionCreateParams";
    String responseParams = "com.openai.models.responses.ResponseCreateParams";
    var chatCreate = method("create", chatParams);
    var responseCreate = method("create", responseParams);
    var chatCreateStreaming = method("createStreaming", chatParams);
    var responseCreateStreaming = method("createStreaming", responseParams);
    String chatBlocking = "com.openai.services.blocking.chat.ChatCompletionServiceImpl";
    String chatAsyncImpl = "com.openai.services.async.chat.ChatCompletionServiceAsyncImpl";
    String responsesBlocking = "com.openai.services.blocking.ResponseServiceImpl";
    String responsesAsyncImpl = "com.openai.services.async.ResponseServiceAsyncImpl";
    return List.of(
        AdvisedMethod.call(chatBlocking, chatCreate, chat),
        AdvisedMethod.call(chatAsyncImpl, chatCreate, chatAsync),
        AdvisedMethod.call(responsesBlocking, responseCreate, responses),
        AdvisedMethod.call(responsesAsyncImpl, responseCreate, responsesAsync),
        AdvisedMethod.stream(chatBlocking, chatCreateStreaming, chatStream),
        AdvisedMethod.stream(chatAsyncImpl, chatCreateStreaming, chatStreamAsync),
        AdvisedMethod.stream(responsesBlocking, responseCreateStreaming, responsesStream),
        AdvisedMethod.stream(responsesAsyncImpl, responseCreateStreaming, responsesStreamAsync),
        AdvisedMethod.attempt(TRANSPORT, method("execute", HTTP_REQUEST), transport),
        AdvisedMethod.attempt(TRANSPORT, method("executeAsync", HTTP_REQUEST), asyncTransport),
        // the async retry loop sleeps on a timer of the SDK's and sends the retry from there: the call goes with it
        // (4.x's DefaultSleeper, 2.x's anonymous sleeper; javap-checked)
        AdvisedMethod.sleepAsync("com.openai.core.DefaultSleeper"),
        AdvisedMethod.sleepAsync("com.openai.core.http.RetryingHttpClient$Builder$sleeper$1"));
  }

  /**
   * The usage accessors the call sites read (the {@code UsageShape}s above, as openai-java spells them since
   * 2.0.0), the builders of {@code RateLimitException} and the HTTP response for {@code reject-as=client}.
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
    refs.addAll(RateLimitedResponses.references(OpenAiRateLimitException.HTTP));
    return refs;
  }

  @Override
  public LibrarySupport support() {
    return LibrarySupport.of("OpenAI Java SDK", "com.openai:openai-java",
            "chat completions and Responses API: `create`, `createStreaming`", "4.101.0", "2.0.0")
        .with(LibrarySupport.Mode.SYNC, "✓")
        .with(LibrarySupport.Mode.ASYNC, "`CompletableFuture`")
        .with(LibrarySupport.Mode.STREAMING, "`StreamResponse`, `AsyncStreamResponse`");
  }

  private static ElementMatcher<MethodDescription> method(String name, String paramsType) {
    return named(name)
        .and(takesArguments(2))
        .and(takesArgument(0, named(paramsType)))
        .and(takesArgument(1, named(REQUEST_OPTIONS)))
        .and(not(isStatic()))
        .and(not(isBridge()));
  }
}

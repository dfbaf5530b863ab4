package io.aiecs.governor.agent.instrumentation.genai;

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
import io.aiecs.governor.agent.streams.FutureResults;
import io.aiecs.governor.agent.streams.WatchedStreams;
import io.aiecs.governor.agent.usage.TextPath;
import io.aiecs.governor.agent.usage.UsageShape;
import java.lang.reflect.Method;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Google GenAI ({@code com.google.genai:google-genai}, checked with javap against 1.58.0 and 2.0.0).
 *
 * <p><b>Where it gates:</b> at the package-private {@code privateGenerateContent} and
 * {@code privateGenerateContentStream} of {@code Models} and {@code AsyncModels}, which every public
 * {@code generateContent}/{@code generateContentStream} overload ends in, once per HTTP request. So every model
 * call is admitted and charged with its own usage: each round of an automatic function calling (AFC) loop, and
 * each request of 2.x's output continuation. Gating the public method instead would hold one permit over the
 * whole loop, tool executions included, and see only the last response's usage. A permit is therefore not held
 * while AFC runs the tools; the tool executions are gated by the tool-call limits instead
 * ({@code AfcUtil.getFunctionResponse}, which runs each tool by {@code Method.invoke}).
 *
 * <p><b>Streams:</b> {@code ResponseStream} is a class, not an interface, so it cannot be wrapped: the stream
 * object itself is watched ({@link WatchedStreams}); its iterator's {@code next}/{@code hasNext} and its
 * {@code close} report elements, the end and an early close. Usage: every chunk carries {@code usageMetadata}
 * (running figures), the largest per field counts.
 */
public final class GenAiInstrumentationModule implements InstrumentationModule {
  /**
   * {@code GenerateContentResponse.usageMetadata()} (Optional). {@code candidatesTokenCount} excludes the
   * thoughts, which are reported as reasoning; {@code totalTokenCount} includes them and is what is charged.
   */
  static final UsageShape USAGE = UsageShape.of("usageMetadata",
      "promptTokenCount", "candidatesTokenCount", "totalTokenCount",
      "cachedContentTokenCount", "thoughtsTokenCount")
      .withToolCallsRequested("functionCalls");

  /**
   * The request is the first argument, the model name itself ({@code toString} reads the string); the answering
   * model is the response's {@code modelVersion}; the server is the client's {@code httpOptions.baseUrl}.
   */
  static final CallSemantics GENERATE = new CallSemantics("gcp.gemini", "generate_content",
      TextPath.anyOf("toString"), TextPath.anyOf("modelVersion"), TextPath.anyOf("@apiClient.httpOptions.baseUrl"));

  private static final String MODELS = "com.google.genai.Models";
  private static final String ASYNC_MODELS = "com.google.genai.AsyncModels";
  private static final String RESPONSE_STREAM = "com.google.genai.ResponseStream";

  @Override
  public String name() {
    return "google-genai";
  }

  @Override
  public List<AdvisedMethod> advisedMethods(CallSiteRegistry sites) {
    sites.registerClientRejection("google-genai", GenAiRateLimitException::create);
    int generate = sites.register("google-genai", "generate_content", USAGE, GENERATE);
    // async: settled before the future the caller (or the AFC loop's next stage) holds completes
    sites.registerTracker(generate, FutureResults.SETTLED_FIRST);
    int stream = sites.register("google-genai", "generate_content_stream", USAGE, GENERATE);
    sites.registerTracker(stream, WatchedStreams.ITERABLE);
    return List.of(
        AdvisedMethod.call(MODELS, perRequest("privateGenerateContent"), generate),
        AdvisedMethod.stream(ASYNC_MODELS, perRequest("privateGenerateContent"), generate),
        AdvisedMethod.stream(MODELS, perRequest("privateGenerateContentStream"), stream),
        AdvisedMethod.stream(ASYNC_MODELS, perRequest("privateGenerateContentStream"), stream),
        AdvisedMethod.streamEvent(RESPONSE_STREAM + "$ResponseStreamIterator", noArgs("next"), WatchedStreams.ELEMENT),
        AdvisedMethod.streamEvent(RESPONSE_STREAM + "$ResponseStreamIterator", noArgs("hasNext"),
            WatchedStreams.HAS_NEXT),
        AdvisedMethod.streamEvent(RESPONSE_STREAM, noArgs("close"), WatchedStreams.CLOSE),
        AdvisedMethod.reflectiveTool("com.google.genai.AfcUtil",
            named("getFunctionResponse").and(isStatic()).and(takesArgument(0, Method.class))));
  }

  /** The usage accessors the call sites read, and the 429 {@code ClientException}'s type. */
  @Override
  public List<Reference> references() {
    String response = "com.google.genai.types.GenerateContentResponse";
    String usage = "com.google.genai.types.GenerateContentResponseUsageMetadata";
    return List.of(
        Reference.method(response, "usageMetadata"),
        Reference.method(usage, "promptTokenCount"),
        Reference.method(usage, "candidatesTokenCount"),
        Reference.method(usage, "totalTokenCount"),
        Reference.method(RESPONSE_STREAM, "iterator"),
        Reference.type("com.google.genai.errors.ClientException"));
  }

  @Override
  public LibrarySupport support() {
    return LibrarySupport.of("Google GenAI", "com.google.genai:google-genai",
            "`Models`/`AsyncModels` generate content, once per HTTP request (each AFC round); AFC tool executions",
            "2.0.0", "1.58.0")
        .with(LibrarySupport.Mode.SYNC, "✓")
        .with(LibrarySupport.Mode.ASYNC, "`CompletableFuture`")
        .with(LibrarySupport.Mode.STREAMING, "`ResponseStream`, sync and async")
        .with(LibrarySupport.Mode.TOOLS, "automatic function calling: a refused tool is reported to the model as its error");
  }

  /** {@code (String model, List<Content>, GenerateContentConfig)}: one HTTP request. */
  private static ElementMatcher<MethodDescription> perRequest(String name) {
    return named(name)
        .and(takesArguments(3))
        .and(takesArgument(0, String.class))
        .and(takesArgument(1, List.class))
        .and(takesArgument(2, named("com.google.genai.types.GenerateContentConfig")))
        .and(not(isStatic()))
        .and(not(isBridge()));
  }

  private static ElementMatcher<MethodDescription> noArgs(String name) {
    return named(name).and(takesArguments(0)).and(not(isStatic())).and(not(isBridge()));
  }
}

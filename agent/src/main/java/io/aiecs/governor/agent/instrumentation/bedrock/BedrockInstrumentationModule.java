package io.aiecs.governor.agent.instrumentation.bedrock;

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
import io.aiecs.governor.agent.usage.TextPath;
import io.aiecs.governor.agent.usage.UsageShape;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * AWS Bedrock Runtime ({@code software.amazon.awssdk:bedrockruntime}, checked with javap against 2.42.37 and
 * 2.57.8). The package-private final {@code DefaultBedrockRuntimeClient} and {@code DefaultBedrockRuntimeAsyncClient}
 * implement every overload: the {@code Consumer<Builder>} defaults of the interfaces build the request and
 * delegate to the advised {@code converse(ConverseRequest)}, {@code invokeModel(InvokeModelRequest)},
 * {@code converseStream(ConverseStreamRequest, ConverseStreamResponseHandler)} and
 * {@code invokeModelWithResponseStream(InvokeModelWithResponseStreamRequest,
 * InvokeModelWithResponseStreamResponseHandler)}. They run above the SDK's own retries, so one logical call is
 * admitted once. Each request carries the task's time left as its {@code apiCallTimeout} ({@link AwsRequestTimeouts}).
 * {@code invokeModelWithBidirectionalStream} (request, input publisher, handler) is not advised.
 *
 * <p>Usage: {@code ConverseResponse.usage()} and the stream's metadata event ({@code usage()}); InvokeModel's
 * is in the model-specific body or its streamed chunks, see {@link InvokeModelUsage}. Async results are settled before the caller's
 * future completes ({@link FutureResults#SETTLED_FIRST}).
 */
public final class BedrockInstrumentationModule implements InstrumentationModule {
  static final UsageShape CONVERSE_USAGE = UsageShape.of("usage",
      "inputTokens", "outputTokens", "totalTokens", "cacheReadInputTokens", null);
  static final CallSemantics CHAT = new CallSemantics("aws.bedrock", "chat",
      TextPath.anyOf("modelId"), TextPath.NONE, TextPath.NONE);

  private static final String PACKAGE = "software.amazon.awssdk.services.bedrockruntime.";
  private static final String SYNC = PACKAGE + "DefaultBedrockRuntimeClient";
  private static final String ASYNC = PACKAGE + "DefaultBedrockRuntimeAsyncClient";

  @Override
  public String name() {
    return "aws-bedrock-runtime";
  }

  @Override
  public List<AdvisedMethod> advisedMethods(CallSiteRegistry sites) {
    sites.registerClientRejection("aws-bedrock-runtime", BedrockThrottlingException::create);
    int converse = sites.register("aws-bedrock-runtime", "converse", CONVERSE_USAGE, CHAT);
    int invoke = sites.register("aws-bedrock-runtime", "invoke_model", UsageShape.reading(InvokeModelUsage::read), CHAT);
    int stream = sites.register("aws-bedrock-runtime", "converse_stream", CONVERSE_USAGE, CHAT);
    // each chunk read by the tracker (InvokeModelUsage.chunk), not by a usage shape
    int invokeStream = sites.register("aws-bedrock-runtime", "invoke_model_stream",
        UsageShape.reading((event, sink) -> false), CHAT);
    sites.registerTracker(converse, FutureResults.SETTLED_FIRST);
    sites.registerTracker(invoke, FutureResults.SETTLED_FIRST);
    sites.registerTracker(stream, EventStreamHandlers.CONVERSE_STREAM);
    sites.registerTracker(invokeStream, EventStreamHandlers.INVOKE_MODEL_STREAM);
    for (int site : new int[] {converse, invoke, stream, invokeStream}) {
      sites.registerRequestDeadline(site, AwsRequestTimeouts.INSTANCE); // the deadline reaches the SDK's HTTP client
    }
    var converseMethod = oneRequest("converse", "ConverseRequest");
    var invokeMethod = oneRequest("invokeModel", "InvokeModelRequest");
    return List.of(
        AdvisedMethod.call(SYNC, converseMethod, converse),
        AdvisedMethod.call(SYNC, invokeMethod, invoke),
        AdvisedMethod.stream(ASYNC, converseMethod, converse),
        AdvisedMethod.stream(ASYNC, invokeMethod, invoke),
        AdvisedMethod.handler(ASYNC, withHandler("converseStream", "ConverseStream"), stream),
        AdvisedMethod.handler(ASYNC, withHandler("invokeModelWithResponseStream", "InvokeModelWithResponseStream"),
            invokeStream));
  }

  /** The usage accessors the converse sites read, and the builders of {@code ThrottlingException}. */
  @Override
  public List<Reference> references() {
    return List.of(
        Reference.method(PACKAGE + "model.ConverseResponse", "usage"),
        Reference.method(PACKAGE + "model.ConverseStreamMetadataEvent", "usage"),
        Reference.method(PACKAGE + "model.TokenUsage", "inputTokens"),
        Reference.method(PACKAGE + "model.TokenUsage", "outputTokens"),
        Reference.method(PACKAGE + "model.TokenUsage", "totalTokens"),
        Reference.method(PACKAGE + "model.ThrottlingException", "builder"),
        Reference.method(PACKAGE + "model.PayloadPart", "bytes"),
        Reference.method("software.amazon.awssdk.awscore.exception.AwsErrorDetails", "builder"));
  }

  @Override
  public LibrarySupport support() {
    return LibrarySupport.of("AWS Bedrock Runtime", "software.amazon.awssdk:bedrockruntime",
            "`converse`, `invokeModel` (usage from the token-count headers or the model's JSON body), `converseStream`, "
                + "`invokeModelWithResponseStream` (the invocation metrics of its last chunk); the task's time left as "
                + "each request's `apiCallTimeout`; not governed: `invokeModelWithBidirectionalStream`",
            "2.57.8", "2.42.37")
        .with(LibrarySupport.Mode.SYNC, "✓")
        .with(LibrarySupport.Mode.ASYNC, "`CompletableFuture`")
        .with(LibrarySupport.Mode.STREAMING, "`converseStream`, `invokeModelWithResponseStream` event streams (handler)");
  }

  /** {@code name(<Operation>Request, <Operation>ResponseHandler)}. */
  private static ElementMatcher<MethodDescription> withHandler(String name, String operation) {
    return named(name)
        .and(takesArguments(2))
        .and(takesArgument(0, named(PACKAGE + "model." + operation + "Request")))
        .and(takesArgument(1, named(PACKAGE + "model." + operation + "ResponseHandler")))
        .and(not(isStatic()))
        .and(not(isBridge()));
  }

  private static ElementMatcher<MethodDescription> oneRequest(String name, String requestType) {
    return named(name)
        .and(takesArguments(1))
        .and(takesArgument(0, named(PACKAGE + "model." + requestType)))
        .and(not(isStatic()))
        .and(not(isBridge()));
  }
}

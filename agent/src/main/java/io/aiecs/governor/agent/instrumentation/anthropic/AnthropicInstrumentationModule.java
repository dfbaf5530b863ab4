package io.aiecs.governor.agent.instrumentation.anthropic;

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
import io.aiecs.governor.agent.usage.TextPath;
import io.aiecs.governor.agent.usage.UsageShape;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The Anthropic Java SDK ({@code com.anthropic:anthropic-java}): the Messages API and its beta, blocking,
 * {@code CompletableFuture} and streaming ({@code StreamResponse} and {@code AsyncStreamResponse} of raw message
 * stream events), and the beta {@code BetaToolRunner}'s tool executions.
 *
 * <p>Like openai-java it is a Stainless-generated Kotlin SDK: the service {@code *Impl} classes are final and all
 * their interface overloads end in {@code create(params, RequestOptions)} / {@code createStreaming(params,
 * RequestOptions)}, which are advised, above the SDK's retries. The beta services have the same shape in the
 * {@code beta} packages, and their models the same accessors, so they share the call sites.
 *
 * <p>Tools: {@code BetaToolRunner} runs every tool (a user's {@code BetaRunnableTool}, an MCP tool, the memory
 * tool) through its private {@code runTool(ToolUseSpan, BetaToolUseBlockParam, String, Function0)}, which invokes
 * the {@code Function0} inside a {@code catch (Exception)} that turns a failing tool into an error tool result
 * ({@code is_error: true}, content {@code "Error: <message>"}) sent back to the model. That method (private, not a
 * Kotlin-internal mangled name) is a tool site: each run takes a tool call of the running agent, and a refused
 * one runs a {@code Function0} that throws the refusal, so it is reported exactly like a tool that throws, and
 * the run goes on.
 */
public final class AnthropicInstrumentationModule implements InstrumentationModule {
  /** {@code Message.usage()} / {@code BetaMessage.usage()}: no total (input + output is charged). */
  static UsageShape usageAt(String container) {
    return UsageShape.of(container, "inputTokens", "outputTokens", null, "cacheReadInputTokens",
        "outputTokensDetails.thinkingTokens");
  }

  static final UsageShape MESSAGE_USAGE = usageAt("usage").withToolCallsRequested("content.toolUse");
  /**
   * Stream events: {@code message_start} carries the message with its input usage, {@code message_delta} the
   * running output count (and, in newer API versions, the input again); the largest figure per field is charged.
   */
  static final UsageShape STREAM_USAGE = usageAt("messageStart.message.usage").orElse(usageAt("messageDelta.usage"));

  static final TextPath SERVER_URL = TextPath.anyOf("@clientOptions.baseUrl");
  static final TextPath MODEL = TextPath.anyOf("model.asString");
  static final CallSemantics MESSAGES = new CallSemantics("anthropic", "chat", MODEL, MODEL, SERVER_URL);

  static final String RUNNER = "com.anthropic.helpers.BetaToolRunner";
  // Assembled at run time: the agent jar relocates the Kotlin it bundles (under OkHttp), and the shade plugin
  // rewrites any literal naming it, so the SDK's own Kotlin would not match (see OkHttpDeadlineModule).
  static final String FUNCTION0 = "kot".concat("lin.jvm.functions.Function0");

  private static final String REQUEST_OPTIONS = "com.anthropic.core.RequestOptions";
  private static final String[] SERVICES = {"com.anthropic.services.%s.MessageService%sImpl",
      "com.anthropic.services.%s.beta.MessageService%sImpl"};
  private static final String[] PARAMS = {"com.anthropic.models.messages.MessageCreateParams",
      "com.anthropic.models.beta.messages.MessageCreateParams"};

  @Override
  public LibrarySupport support() {
    return LibrarySupport.of("Anthropic Java SDK", "com.anthropic:anthropic-java",
            "messages and beta messages `create`, `createStreaming`; `BetaToolRunner` tool executions",
            "3.14.0", "3.3.0")
        .with(LibrarySupport.Mode.SYNC, "✓")
        .with(LibrarySupport.Mode.ASYNC, "`CompletableFuture`")
        .with(LibrarySupport.Mode.STREAMING, "`StreamResponse`, `AsyncStreamResponse`")
        .with(LibrarySupport.Mode.TOOLS, "`BetaToolRunner`: a refused tool is an error tool result");
  }

  @Override
  public String name() {
    return "anthropic-java";
  }

  @Override
  public List<AdvisedMethod> advisedMethods(CallSiteRegistry sites) {
    sites.registerClientRejection("anthropic", AnthropicRateLimitException::create);
    int messages = sites.register("anthropic", "messages", MESSAGE_USAGE, MESSAGES);
    // async calls are a site of their own: their attempts are asynchronous (reject-as=client)
    int messagesAsync = sites.register("anthropic", "messages", MESSAGE_USAGE, MESSAGES);
    int blockingStream = sites.register("anthropic", "messages-stream", STREAM_USAGE, MESSAGES);
    int asyncStream = sites.register("anthropic", "messages-stream", STREAM_USAGE, MESSAGES);
    int transport = sites.registerAttemptTransport(AnthropicRateLimitException::refusedAttempt);
    sites.retryAtTransport(messages, transport);
    sites.retryAtTransport(blockingStream, transport);
    int asyncTransport = sites.registerAsyncAttemptTransport(AnthropicRateLimitException::refusedAttempt);
    sites.retryAtTransport(messagesAsync, asyncTransport);
    sites.retryAtTransport(asyncStream, asyncTransport);
    sites.registerTracker(blockingStream, StreamResponses.blocking(null));
    sites.registerTracker(asyncStream, StreamResponses.async(null));
    int tools = sites.registerToolSite(new CallSiteRegistry.ToolSite(RUNNER, 1, TextPath.anyOf("name"), 3,
        CallSiteRegistry.ToolRefusal.throwingFrom("invoke")));

    List<AdvisedMethod> advised = new ArrayList<>();
    for (int i = 0; i < SERVICES.length; i++) {
      String blocking = String.format(SERVICES[i], "blocking", "");
      String async = String.format(SERVICES[i], "async", "Async");
      advised.add(AdvisedMethod.call(blocking, method("create", PARAMS[i]), messages));
      advised.add(AdvisedMethod.call(async, method("create", PARAMS[i]), messagesAsync));
      advised.add(AdvisedMethod.stream(blocking, method("createStreaming", PARAMS[i]), blockingStream));
      advised.add(AdvisedMethod.stream(async, method("createStreaming", PARAMS[i]), asyncStream));
    }
    // its async retry loop sleeps on the SDK's own timer (javap-checked in 3.14.0 and 3.3.0)
    advised.add(AdvisedMethod.sleepAsync("com.anthropic.core.DefaultSleeper"));
    // the HTTP layer the SDK's RetryingHttpClient calls once per attempt, execute and executeAsync (javap-checked in
    // 3.14.0 and 3.3.0)
    String okHttp = "com.anthropic.client.okhttp.OkHttpClient";
    advised.add(AdvisedMethod.attempt(okHttp, method("execute", "com.anthropic.core.http.HttpRequest"), transport));
    advised.add(AdvisedMethod.attempt(okHttp, method("executeAsync", "com.anthropic.core.http.HttpRequest"),
        asyncTransport));
    advised.add(AdvisedMethod.toolExecution(RUNNER, named("runTool")
        .and(takesArguments(4))
        .and(takesArgument(1, named("com.anthropic.models.beta.messages.BetaToolUseBlockParam")))
        .and(takesArgument(3, named(FUNCTION0)))
        .and(not(isStatic())), tools));
    return advised;
  }

  /** The builders of {@code RateLimitException} and the HTTP response for {@code reject-as=client}. */
  @Override
  public List<Reference> references() {
    List<Reference> refs = new ArrayList<>(AnthropicRateLimitException.REFERENCES);
    refs.addAll(RateLimitedResponses.references(AnthropicRateLimitException.HTTP));
    return refs;
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

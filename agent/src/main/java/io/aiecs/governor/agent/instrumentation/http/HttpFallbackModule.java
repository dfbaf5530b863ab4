package io.aiecs.governor.agent.instrumentation.http;

import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.aiecs.governor.agent.http.LlmEndpoint;
import io.aiecs.governor.agent.http.LlmRequest;
import io.aiecs.governor.agent.instrumentation.AdvisedMethod;
import io.aiecs.governor.agent.instrumentation.InstrumentationModule;
import io.aiecs.governor.agent.instrumentation.LibrarySupport;
import io.aiecs.governor.agent.instrumentation.advice.HttpEnqueueAdvice;
import io.aiecs.governor.agent.instrumentation.advice.HttpExecuteAdvice;
import io.aiecs.governor.agent.instrumentation.advice.HttpSendAdvice;
import io.aiecs.governor.agent.instrumentation.okhttp.OkHttpDeadlineModule;
import io.aiecs.governor.agent.runtime.CallRecognizer;
import io.aiecs.governor.agent.runtime.CallSemantics;
import io.aiecs.governor.agent.runtime.CallSiteRegistry;
import io.aiecs.governor.agent.runtime.StreamTracker;
import io.aiecs.governor.agent.usage.TextPath;
import io.aiecs.governor.agent.usage.UsageShape;
import java.util.List;

/**
 * The generic fallback: any client that calls an OpenAI-, Anthropic- or Gemini-compatible endpoint over OkHttp
 * ({@code RealCall.execute} and {@code enqueue}) or the JDK's {@code java.net.http} ({@code HttpClient.send} and
 * {@code sendAsync}, woven into the JDK's own client class). Calls are recognised by method and path
 * ({@link LlmEndpoint}); everything else passes through untouched. A recognised call is admitted like any other
 * (attribution, concurrency, tokens, deadline), holds its permit until the application has read its response body
 * to the end, closed it or dropped it, and is charged the usage the body reports (JSON or SSE, read from a tee of
 * the body). An HTTP call made inside a governed call (an SDK above it was governed already) passes through, so
 * a call is counted once; the deadline of the call above still reaches it: a {@code java.net.http} request gets the
 * time left as its timeout, and a body still arriving when the deadline passes is cut.
 */
public final class HttpFallbackModule implements InstrumentationModule {
  /** Usage is read from the body by the trackers, not from a response object. */
  private static final UsageShape FROM_BODY = UsageShape.of("usage", null, null, null, null, null);
  private static final TextPath MODEL = TextPath.anyOf("model");

  /**
   * Two unrelated HTTP clients: OkHttp in the application's class loader, {@code java.net.http} in the JDK's. Checked
   * together, the JDK's loader would miss OkHttp and the JDK client would go unwoven; each is checked on its own.
   */
  @Override
  public boolean weavesOneLibrary() {
    return false;
  }

  @Override
  public LibrarySupport support() {
    return LibrarySupport.of("any client over OkHttp or `java.net.http` calling an OpenAI-, Anthropic- or"
            + " Gemini-compatible endpoint (recognised by path; JSON parsed)", null,
            "OkHttp `RealCall.execute`/`enqueue`; JDK `HttpClient.send`/`sendAsync`; requests sent for a call"
                + " governed above pass through", "OkHttp 4.12.0", "JDK 17", "JDK 25")
        .with(LibrarySupport.Mode.SYNC, "✓")
        .with(LibrarySupport.Mode.ASYNC, "`enqueue`, `sendAsync`")
        .with(LibrarySupport.Mode.STREAMING, "SSE, held until the body is read, closed or dropped");
  }

  @Override
  public String name() {
    return "http-fallback";
  }

  @Override
  public List<AdvisedMethod> advisedMethods(CallSiteRegistry sites) {
    int[] okhttpSites = llmSites(sites, "okhttp", new OkHttpExchanges());
    int[] jdkSites = llmSites(sites, "java.net.http", new JdkHttpExchanges());
    int transport = sites.registerTransport(OkHttpDeadlineModule::applyDeadline);

    int okhttp = sites.register("okhttp", "http", FROM_BODY);
    sites.registerRecognizer(okhttp, (call, request) -> recognized(okhttpSites, OkHttpExchanges.recognize(call),
        transport));
    int jdk = sites.register("java.net.http", "http", FROM_BODY);
    sites.registerRecognizer(jdk, (client, request) -> recognized(jdkSites, JdkHttpExchanges.recognize(request), -1));
    sites.registerRequestDeadline(jdk, JdkHttpExchanges::withTimeout);
    sites.registerBodyDeadline(jdk, JdkHttpExchanges::cutAtDeadline);

    String realCall = OkHttpExchanges.REAL_CALL;
    return List.of(
        new AdvisedMethod(realCall, named("execute").and(takesArguments(0)).and(not(isBridge())),
            HttpExecuteAdvice.class.getName(), okhttp),
        new AdvisedMethod(realCall, named("enqueue").and(takesArguments(1)).and(not(isBridge())),
            HttpEnqueueAdvice.class.getName(), okhttp),
        new AdvisedMethod(JdkHttpExchanges.CLIENT, named("send").and(takesArguments(2)).and(not(isBridge())),
            HttpSendAdvice.class.getName(), jdk),
        new AdvisedMethod(JdkHttpExchanges.CLIENT,
            named("sendAsync").and(takesArguments(2).or(takesArguments(3))).and(not(isBridge())),
            HttpSendAdvice.class.getName(), jdk));
  }

  /** One site per API for one HTTP client, indexed by {@link LlmEndpoint#ordinal()}, followed by {@code tracker}. */
  private static int[] llmSites(CallSiteRegistry sites, String library, StreamTracker tracker) {
    LlmEndpoint[] endpoints = LlmEndpoint.values();
    int[] ids = new int[endpoints.length];
    for (LlmEndpoint e : endpoints) {
      String operation = e == LlmEndpoint.GEMINI_GENERATE ? "generate_content" : "chat";
      ids[e.ordinal()] = sites.register(library, e.operation, FROM_BODY,
          new CallSemantics(e.provider, operation, MODEL, TextPath.NONE, TextPath.NONE));
      sites.registerTracker(ids[e.ordinal()], tracker);
    }
    return ids;
  }

  private static CallRecognizer.Recognized recognized(int[] sites, LlmRequest request, int transport) {
    return request == null ? null
        : new CallRecognizer.Recognized(sites[request.endpoint().ordinal()], request, transport);
  }
}

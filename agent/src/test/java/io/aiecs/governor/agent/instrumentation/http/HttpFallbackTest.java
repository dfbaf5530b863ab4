package io.aiecs.governor.agent.instrumentation.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiecs.governor.agent.attribution.AgentResolver;
import io.aiecs.governor.agent.config.AgentLimits;
import io.aiecs.governor.agent.instrumentation.AdvisedMethod;
import io.aiecs.governor.agent.limits.AgentLimiter;
import io.aiecs.governor.agent.limits.TimeSource;
import io.aiecs.governor.agent.runtime.CallGovernor;
import io.aiecs.governor.agent.runtime.CallSiteRegistry;
import io.aiecs.governor.agent.usage.UsageShape;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.Test;

/**
 * The fallback against the real OkHttp and java.net.http types, through the real governor: LLM requests are
 * admitted and held until their body is read, charged the body's usage; the application reads every byte
 * unchanged; other requests and calls nested in a governed call pass through.
 */
class HttpFallbackTest {
  private static final String CHAT_JSON = "{\"id\":\"c1\",\"choices\":[{\"message\":{\"content\":\"hi\"}}],"
      + "\"usage\":{\"prompt_tokens\":40,\"completion_tokens\":20,\"total_tokens\":60}}";
  private static final String ANTHROPIC_SSE = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":"
      + "{\"usage\":{\"input_tokens\":25,\"output_tokens\":1}}}\n\nevent: message_delta\ndata: {\"type\":"
      + "\"message_delta\",\"usage\":{\"output_tokens\":15}}\n\n";

  private final CallSiteRegistry sites = new CallSiteRegistry();
  private final List<AdvisedMethod> advised = new HttpFallbackModule().advisedMethods(sites);
  private final int okhttpSite = advised.get(0).siteId();
  private final int jdkSite = advised.get(2).siteId();
  private final AgentLimiter limiter = new AgentLimiter("default",
      new AgentLimits(1, 10_000, AgentLimits.UNLIMITED, 10_000, true, true, Duration.ofSeconds(1)), TimeSource.SYSTEM);
  private final CallGovernor governor = new CallGovernor(Map.of("default", limiter),
      new AgentResolver<>(List.of(), "default", Map.of("default", limiter)::get), sites);
  private final OkHttpClient okhttp = new OkHttpClient();

  private Call okCall(String path, String json) {
    return okhttp.newCall(new Request.Builder().url("http://127.0.0.1:1" + path)
        .post(RequestBody.create(json, MediaType.get("application/json"))).build());
  }

  private static Response okResponse(Call call, String contentType, String body) {
    return new Response.Builder().request(call.request()).protocol(Protocol.HTTP_1_1).code(200).message("OK")
        .header("Content-Type", contentType).body(ResponseBody.create(body, MediaType.get(contentType))).build();
  }

  @Test
  void okHttpExecuteIsHeldUntilTheBodyIsReadAndChargedItsUsage() throws IOException {
    Call call = okCall("/v1/chat/completions", "{\"model\":\"gpt-4o-mini\",\"messages\":[]}");
    Object token = governor.enter(okhttpSite, call, call);
    assertThat(limiter.availablePermits()).as("admitted").isZero();

    Response seen = (Response) governor.track(token, okResponse(call, "application/json", CHAT_JSON));
    assertThat(limiter.availablePermits()).as("held while the body is unread").isZero();
    assertThat(seen.body().string()).isEqualTo(CHAT_JSON);

    assertThat(limiter.availablePermits()).isEqualTo(1);
    assertThat(limiter.status().totalTokens()).isEqualTo(60);
  }

  @Test
  void okHttpBodyClosedEarlyReleasesThePermit() {
    Call call = okCall("/v1/chat/completions", "{\"model\":\"m\"}");
    Object token = governor.enter(okhttpSite, call, call);
    Response seen = (Response) governor.track(token, okResponse(call, "application/json", CHAT_JSON));
    seen.close();
    assertThat(limiter.availablePermits()).isEqualTo(1);
  }

  @Test
  void okHttpEnqueueCallbackGetsTheSameBytesAndSettlesTheCall() throws IOException {
    Call call = okCall("/v1/messages", "{\"model\":\"claude\",\"stream\":true}");
    Object token = governor.enter(okhttpSite, call, call);
    AtomicReference<String> body = new AtomicReference<>();
    Callback app = new Callback() {
      @Override
      public void onFailure(Call c, IOException e) {
        body.set("failed");
      }

      @Override
      public void onResponse(Call c, Response r) throws IOException {
        body.set(r.body().string());
      }
    };
    Callback wrapped = (Callback) governor.trackArgument(token, app);
    governor.track(token, null);
    assertThat(limiter.availablePermits()).isZero();

    wrapped.onResponse(call, okResponse(call, "text/event-stream", ANTHROPIC_SSE));

    assertThat(body.get()).isEqualTo(ANTHROPIC_SSE);
    assertThat(limiter.availablePermits()).isEqualTo(1);
    assertThat(limiter.status().inputTokens()).isEqualTo(25);
    assertThat(limiter.status().outputTokens()).isEqualTo(15);
  }

  @Test
  void okHttpFailureReleases() {
    Call call = okCall("/v1/chat/completions", "{}");
    Object token = governor.enter(okhttpSite, call, call);
    Callback wrapped = (Callback) governor.trackArgument(token, new Callback() {
      @Override public void onFailure(Call c, IOException e) { }
      @Override public void onResponse(Call c, Response r) { }
    });
    governor.track(token, null);
    wrapped.onFailure(call, new IOException("refused"));
    assertThat(limiter.availablePermits()).isEqualTo(1);
  }

  @Test
  void otherRequestsAndCallsInsideAGovernedCallPassThrough() {
    Call models = okhttp.newCall(new Request.Builder().url("http://127.0.0.1:1/v1/models").build());
    assertThat(governor.enter(okhttpSite, models, models)).isNull();
    Call mcp = okCall("/mcp", "{\"jsonrpc\":\"2.0\"}");
    assertThat(governor.enter(okhttpSite, mcp, mcp)).isNull();
    assertThat(limiter.availablePermits()).isEqualTo(1);

    int sdk = sites.register("openai", "chat", UsageShape.of("usage", null, null, "total", null, null));
    // openai-java's async call reaches OkHttp on a pool thread: the call in flight is carried there
    Object sdkAsync = governor.enter(sdk, null, "async sdk request, in flight");
    Object inFlight = governor.currentTask();
    java.util.concurrent.CompletableFuture.runAsync(() -> {
      Object before = governor.resumeTask(inFlight); // what the executor advice's wrapper does
      try {
        Call fromSdk = okCall("/v1/chat/completions", "{}");
        assertThat(governor.enter(okhttpSite, fromSdk, fromSdk)).as("counted by the SDK layer").isNull();
        HttpRequest jdkFromSdk = HttpRequest.newBuilder(URI.create("http://h/v1/responses"))
            .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        assertThat(governor.enter(jdkSite, null, jdkFromSdk)).isNull();
      } finally {
        governor.resumeTask(before);
      }
    }, work -> new Thread(work, "sdk-pool").start()).join();
    governor.exit(sdkAsync, null, null);

    Object outer = governor.enter(sdk, null, "sdk request");
    Call inner = okCall("/v1/chat/completions", "{}");
    Object nested = governor.enter(okhttpSite, inner, inner);
    Response r = okResponse(inner, "application/json", CHAT_JSON);
    assertThat(governor.track(nested, r)).as("the SDK's own response, untouched").isSameAs(r);
    governor.exit(outer, null, null);
    assertThat(limiter.status().admittedCalls()).as("admitted once each, by the SDK layer").isEqualTo(2);
    assertThat(limiter.availablePermits()).isEqualTo(1);
  }

  @Test
  void jdkSendBodyIsTeedUnchangedAndCharged() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:1/v1beta/models/gemini-2.0-flash:generateContent"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"contents\":[]}")).build();
    Object token = governor.enter(jdkSite, HttpClient.newHttpClient(), request);
    assertThat(limiter.availablePermits()).isZero();
    @SuppressWarnings("unchecked")
    HttpResponse.BodyHandler<String> handler =
        (HttpResponse.BodyHandler<String>) governor.trackArgument(token, HttpResponse.BodyHandlers.ofString());
    governor.track(token, null);

    String json = "{\"candidates\":[],\"usageMetadata\":{\"promptTokenCount\":11,\"candidatesTokenCount\":6,"
        + "\"totalTokenCount\":17}}";
    HttpResponse.BodySubscriber<String> subscriber = handler.apply(info("application/json"));
    subscriber.onSubscribe(new Flow.Subscription() {
      @Override public void request(long n) { }
      @Override public void cancel() { }
    });
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    subscriber.onNext(List.of(ByteBuffer.wrap(bytes, 0, 30), ByteBuffer.wrap(bytes, 30, bytes.length - 30)));
    assertThat(limiter.availablePermits()).isZero();
    subscriber.onComplete();

    assertThat(subscriber.getBody().toCompletableFuture().get()).isEqualTo(json);
    assertThat(limiter.availablePermits()).isEqualTo(1);
    assertThat(limiter.status().totalTokens()).isEqualTo(17);
  }

  @Test
  void jdkSubscriptionCancelledOrExchangeFailedReleases() {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:1/v1/responses"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\",\"stream\":true}")).build();
    Object token = governor.enter(jdkSite, null, request);
    @SuppressWarnings("unchecked")
    HttpResponse.BodyHandler<java.util.stream.Stream<String>> handler = (HttpResponse.BodyHandler<java.util.stream.Stream<String>>)
        governor.trackArgument(token, HttpResponse.BodyHandlers.ofLines());
    governor.track(token, CompletableFuture.completedFuture(null));
    AtomicReference<Flow.Subscription> given = new AtomicReference<>();
    HttpResponse.BodySubscriber<java.util.stream.Stream<String>> subscriber = handler.apply(info("text/event-stream"));
    subscriber.onSubscribe(new Flow.Subscription() {
      @Override public void request(long n) { }
      @Override public void cancel() { given.set(this); }
    });
    assertThat(limiter.availablePermits()).isZero();
    subscriber.getBody().toCompletableFuture().join().close(); // the application closes its stream of lines
    assertThat(limiter.availablePermits()).isEqualTo(1);

    Object failing = governor.enter(jdkSite, null, request);
    governor.trackArgument(failing, HttpResponse.BodyHandlers.ofString());
    CompletableFuture<Object> exchange = new CompletableFuture<>();
    governor.track(failing, exchange);
    assertThat(limiter.availablePermits()).isZero();
    exchange.completeExceptionally(new java.net.ConnectException("refused"));
    assertThat(limiter.availablePermits()).isEqualTo(1);
  }

  @Test
  void jdkRequestCarriesTheRemainingTimeAsItsTimeoutUnlessItsOwnIsShorter() {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://h/v1/chat/completions"))
        .header("x-a", "1").POST(HttpRequest.BodyPublishers.ofString("{}")).build();
    HttpRequest bounded = (HttpRequest) JdkHttpExchanges.withTimeout(request, Duration.ofSeconds(3).toNanos());
    assertThat(bounded.timeout()).contains(Duration.ofSeconds(3));
    assertThat(bounded.headers().firstValue("x-a")).contains("1");
    assertThat(bounded.bodyPublisher()).isPresent();
    HttpRequest shorter = HttpRequest.newBuilder(request, (n, v) -> true).timeout(Duration.ofSeconds(1)).build();
    assertThat(JdkHttpExchanges.withTimeout(shorter, Duration.ofSeconds(3).toNanos())).isSameAs(shorter);
  }

  private static HttpResponse.ResponseInfo info(String contentType) {
    return new HttpResponse.ResponseInfo() {
      @Override public int statusCode() { return 200; }
      @Override public HttpHeaders headers() { return HttpHeaders.of(Map.of("content-type", List.of(contentType)), (a, b) -> true); }
      @Override public HttpClient.Version version() { return HttpClient.Version.HTTP_1_1; }
    };
  }
}

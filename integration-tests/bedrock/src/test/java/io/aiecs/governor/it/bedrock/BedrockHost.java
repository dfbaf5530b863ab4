package io.aiecs.governor.it.bedrock;

import io.aiecs.governor.it.hosts.Args;
import io.aiecs.governor.it.hosts.Callers;
import io.aiecs.governor.it.hosts.HostOutput;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.PayloadPart;
import software.amazon.awssdk.services.bedrockruntime.model.ResponseStream;
import software.amazon.awssdk.services.bedrockruntime.model.Message;

/**
 * A plain host app using the real AWS Bedrock Runtime client against a local endpoint with static credentials,
 * knowing nothing of the governor. Arguments, {@code key=value}: {@code baseUrl}; {@code api}: converse |
 * async-converse | invoke | async-invoke | stream | stream-slow | stream-cancel | invoke-stream |
 * invoke-stream-no-metrics | invoke-stream-fail | invoke-stream-cancel | invoke-stream-slow, or several separated by
 * commas, taken in turn call after call;
 * {@code threads}; {@code calls} (per thread); {@code clientTimeoutMs}: the clients' own {@code apiCallTimeout};
 * {@code requestTimeoutMs}: the converse requests' own {@code apiCallTimeout}, with a header {@code x-app: kept};
 * {@code warmup=true}: first one {@code async-invoke} on a thread named {@code warmup} (the async client's connection
 * opened and pooled before the calls); {@code hold=true}: after the {@code STATUS} lines prints {@code HOLDING} and
 * stays alive, clients open, until its input closes (a connection the server sees closed was closed by the SDK, not
 * by this JVM's exit).
 * Each call also prints {@code TIME <api> <millis>}.
 */
public final class BedrockHost {
  /** The application's own override of its converse requests, or null. */
  private static AwsRequestOverrideConfiguration requestOverride;

  public static void main(String[] argv) throws Exception {
    Map<String, String> a = Args.parse(argv);
    String api = a.getOrDefault("api", "converse");
    int threads = Integer.parseInt(a.getOrDefault("threads", "1"));
    int calls = Integer.parseInt(a.getOrDefault("calls", "1"));
    URI endpoint = URI.create(a.get("baseUrl"));
    ClientOverrideConfiguration.Builder clientOverride = ClientOverrideConfiguration.builder();
    if (a.containsKey("clientTimeoutMs")) {
      clientOverride.apiCallTimeout(Duration.ofMillis(Long.parseLong(a.get("clientTimeoutMs"))));
    }
    if (a.containsKey("requestTimeoutMs")) {
      requestOverride = AwsRequestOverrideConfiguration.builder().putHeader("x-app", "kept")
          .apiCallTimeout(Duration.ofMillis(Long.parseLong(a.get("requestTimeoutMs")))).build();
    }
    StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret"));
    BedrockRuntimeClient sync = BedrockRuntimeClient.builder().region(Region.US_EAST_1).endpointOverride(endpoint)
        .credentialsProvider(credentials).overrideConfiguration(clientOverride.build()).build();
    BedrockRuntimeAsyncClient async = BedrockRuntimeAsyncClient.builder().region(Region.US_EAST_1)
        .endpointOverride(endpoint).credentialsProvider(credentials).overrideConfiguration(clientOverride.build())
        // the fake server speaks HTTP/1.1 in clear text; Bedrock's async client would start HTTP/2
        .httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP1_1))
        .build();

    if (Boolean.parseBoolean(a.get("warmup"))) {
      Thread warmup = new Thread(() -> call(sync, async, "async-invoke"), "warmup");
      warmup.start();
      warmup.join();
    }
    String[] apis = api.split(",");
    AtomicInteger next = new AtomicInteger();
    Callers.run(threads, calls, () -> {
      String one = apis[Math.floorMod(next.getAndIncrement(), apis.length)];
      long began = System.nanoTime();
      try {
        return call(sync, async, one);
      } finally {
        System.out.println("TIME " + one + " " + (System.nanoTime() - began) / 1_000_000);
      }
    });
    HostOutput.statusOfAllAgents();
    if (Boolean.parseBoolean(a.get("hold"))) {
      System.out.println("HOLDING");
      System.out.flush();
      System.in.read();
    }
    sync.close();
    async.close();
  }

  static long call(BedrockRuntimeClient sync, BedrockRuntimeAsyncClient async, String api) {
    String claude = "anthropic.claude-fake-v1:0";
    Message user = Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText("hello")).build();
    String claudeBody = "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":50,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";
    switch (api) {
      case "converse":
        return total(sync.converse(r -> r.modelId("amazon.nova-fake").messages(user)
            .overrideConfiguration(requestOverride)));
      case "async-converse":
        return total(async.converse(r -> r.modelId("amazon.nova-fake").messages(user)
            .overrideConfiguration(requestOverride)).join());
      case "invoke":
        return length(sync.invokeModel(r -> r.modelId(claude).contentType("application/json")
            .accept("application/json").body(SdkBytes.fromUtf8String(claudeBody))));
      case "async-invoke":
        return length(async.invokeModel(r -> r.modelId(claude).contentType("application/json")
            .accept("application/json").body(SdkBytes.fromUtf8String(claudeBody))).join());
      case "stream":
        return converseStream(async, "amazon.nova-fake", user);
      case "stream-slow":
        return converseStream(async, "amazon.nova-slow", user);
      case "stream-cancel": {
        ConverseStreamResponseHandler handler = ConverseStreamResponseHandler.builder()
            .onEventStream(publisher -> publisher.subscribe(new Events<ConverseStreamOutput>(false, event -> { })))
            .build();
        try {
          async.converseStream(r -> r.modelId("amazon.nova-fake").messages(user), handler).join();
        } catch (RuntimeException cancelled) {
          // the SDK may end the call exceptionally after a cancelled subscription
        }
        return 0;
      }
      case "invoke-stream":
        return invokeStream(async, claude, claudeBody, true);
      case "invoke-stream-no-metrics":
        return invokeStream(async, "anthropic.claude-no-metrics-v1:0", claudeBody, true);
      case "invoke-stream-slow":
        return invokeStream(async, "anthropic.claude-slow-v1:0", claudeBody, true);
      case "invoke-stream-fail":
        return invokeStream(async, "anthropic.claude-fail-v1:0", claudeBody, true);
      case "invoke-stream-cancel":
        return invokeStream(async, claude, claudeBody, false);
      default:
        throw new IllegalArgumentException(api);
    }
  }

  /** converseStream read through the SDK's visitor: the streamed text, and the metadata event's total tokens. */
  private static long converseStream(BedrockRuntimeAsyncClient async, String model, Message user) {
    AtomicLong total = new AtomicLong(-1);
    StringBuilder text = new StringBuilder();
    ConverseStreamResponseHandler handler = ConverseStreamResponseHandler.builder()
        .subscriber(ConverseStreamResponseHandler.Visitor.builder()
            .onContentBlockDelta(d -> text.append(d.delta().text()))
            .onMetadata(m -> total.set(m.usage().totalTokens()))
            .build())
        .build();
    async.converseStream(r -> r.modelId(model).messages(user), handler).join();
    if (!"Hello!".contentEquals(text)) {
      throw new IllegalStateException("streamed text: " + text);
    }
    return total.get();
  }

  /**
   * invokeModelWithResponseStream, reading Claude's streamed text from the chunks (the whole stream), or
   * cancelling the subscription after the first chunk. Returns the streamed text's length.
   */
  private static long invokeStream(BedrockRuntimeAsyncClient async, String model, String body, boolean whole) {
    StringBuilder chunks = new StringBuilder();
    InvokeModelWithResponseStreamResponseHandler handler = InvokeModelWithResponseStreamResponseHandler.builder()
        .onEventStream(publisher -> publisher.subscribe(new Events<ResponseStream>(whole, event -> {
          if (event instanceof PayloadPart part) {
            chunks.append(part.bytes().asUtf8String());
          }
        })))
        .build();
    try {
      async.invokeModelWithResponseStream(r -> r.modelId(model).contentType("application/json")
          .accept("application/json").body(SdkBytes.fromUtf8String(body)), handler).join();
    } catch (RuntimeException e) {
      if (whole) {
        throw e;
      }
      // the SDK may end the call exceptionally after a cancelled subscription
    }
    if (whole && !chunks.toString().contains("\"text\":\"lo\"")) {
      throw new IllegalStateException("streamed chunks: " + chunks);
    }
    return chunks.length();
  }

  /**
   * The application's own subscriber to an event stream of either operation: hands each event to {@code each},
   * and takes the whole stream or cancels its subscription after the first event.
   */
  private static final class Events<T> implements Subscriber<T> {
    private final boolean whole;
    private final Consumer<T> each;
    private Subscription subscription;

    Events(boolean whole, Consumer<T> each) {
      this.whole = whole;
      this.each = each;
    }

    @Override
    public void onSubscribe(Subscription s) {
      subscription = s;
      s.request(whole ? Long.MAX_VALUE : 1);
    }

    @Override
    public void onNext(T event) {
      each.accept(event);
      if (!whole) {
        subscription.cancel(); // the first event is enough
      }
    }

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onComplete() {}
  }

  private static long total(ConverseResponse r) {
    return r.usage().totalTokens();
  }

  private static long length(InvokeModelResponse r) {
    return r.body().asUtf8String().length();
  }
}

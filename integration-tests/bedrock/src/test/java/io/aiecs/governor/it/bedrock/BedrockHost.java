package io.aiecs.governor.it.bedrock;

import io.aiecs.governor.it.hosts.Args;
import io.aiecs.governor.it.hosts.Callers;
import io.aiecs.governor.it.hosts.HostOutput;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
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
import software.amazon.awssdk.services.bedrockruntime.model.Message;

/**
 * A plain host app using the real AWS Bedrock Runtime client against a local endpoint with static credentials,
 * knowing nothing of the governor. Arguments, {@code key=value}: {@code baseUrl}; {@code api}: converse |
 * async-converse | invoke | async-invoke | stream | stream-cancel; {@code threads}; {@code calls} (per thread).
 */
public final class BedrockHost {
  public static void main(String[] argv) throws Exception {
    Map<String, String> a = Args.parse(argv);
    String api = a.getOrDefault("api", "converse");
    int threads = Integer.parseInt(a.getOrDefault("threads", "1"));
    int calls = Integer.parseInt(a.getOrDefault("calls", "1"));
    URI endpoint = URI.create(a.get("baseUrl"));
    StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret"));
    BedrockRuntimeClient sync = BedrockRuntimeClient.builder().region(Region.US_EAST_1).endpointOverride(endpoint)
        .credentialsProvider(credentials).build();
    BedrockRuntimeAsyncClient async = BedrockRuntimeAsyncClient.builder().region(Region.US_EAST_1)
        .endpointOverride(endpoint).credentialsProvider(credentials)
        // the fake server speaks HTTP/1.1 in clear text; Bedrock's async client would start HTTP/2
        .httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP1_1))
        .build();

    Callers.run(threads, calls, () -> call(sync, async, api));
    HostOutput.statusOfAllAgents();
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
        return total(sync.converse(r -> r.modelId("amazon.nova-fake").messages(user)));
      case "async-converse":
        return total(async.converse(r -> r.modelId("amazon.nova-fake").messages(user)).join());
      case "invoke":
        return length(sync.invokeModel(r -> r.modelId(claude).contentType("application/json")
            .accept("application/json").body(SdkBytes.fromUtf8String(claudeBody))));
      case "async-invoke":
        return length(async.invokeModel(r -> r.modelId(claude).contentType("application/json")
            .accept("application/json").body(SdkBytes.fromUtf8String(claudeBody))).join());
      case "stream": {
        AtomicLong total = new AtomicLong(-1);
        StringBuilder text = new StringBuilder();
        ConverseStreamResponseHandler handler = ConverseStreamResponseHandler.builder()
            .subscriber(ConverseStreamResponseHandler.Visitor.builder()
                .onContentBlockDelta(d -> text.append(d.delta().text()))
                .onMetadata(m -> total.set(m.usage().totalTokens()))
                .build())
            .build();
        async.converseStream(r -> r.modelId("amazon.nova-fake").messages(user), handler).join();
        if (!"Hello!".contentEquals(text)) {
          throw new IllegalStateException("streamed text: " + text);
        }
        return total.get();
      }
      case "stream-cancel": {
        ConverseStreamResponseHandler handler = ConverseStreamResponseHandler.builder()
            .onEventStream(publisher -> publisher.subscribe(new Subscriber<ConverseStreamOutput>() {
              private Subscription subscription;

              @Override
              public void onSubscribe(Subscription s) {
                subscription = s;
                s.request(1);
              }

              @Override
              public void onNext(ConverseStreamOutput event) {
                subscription.cancel(); // the first event is enough
              }

              @Override
              public void onError(Throwable t) {}

              @Override
              public void onComplete() {}
            }))
            .build();
        try {
          async.converseStream(r -> r.modelId("amazon.nova-fake").messages(user), handler).join();
        } catch (RuntimeException cancelled) {
          // the SDK may end the call exceptionally after a cancelled subscription
        }
        return 0;
      }
      default:
        throw new IllegalArgumentException(api);
    }
  }

  private static long total(ConverseResponse r) {
    return r.usage().totalTokens();
  }

  private static long length(InvokeModelResponse r) {
    return r.body().asUtf8String().length();
  }
}

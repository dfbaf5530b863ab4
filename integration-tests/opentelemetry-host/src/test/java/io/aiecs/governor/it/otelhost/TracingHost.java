package io.aiecs.governor.it.otelhost;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.aiecs.governor.it.hosts.HostOutput;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.EventData;
import java.util.Map;
import java.util.TreeMap;

/**
 * A host that traces with its own OpenTelemetry SDK (its own version, knowing nothing of the governor): a span
 * {@code handle-request} around {@code calls} openai-java chat calls, then one more call on a thread named
 * {@code outside}, in no span. Prints an {@code EVENT <span> <event> {attributes}} line for every event of
 * every span its SDK ended, as an in-memory exporter would hold them.
 */
public final class TracingHost {
  public static void main(String[] argv) throws Exception {
    Map<String, String> a = new java.util.HashMap<>();
    for (String arg : argv) {
      a.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
    int calls = Integer.parseInt(a.getOrDefault("calls", "3"));
    SdkTracerProvider tracing = SdkTracerProvider.builder().addSpanProcessor(new PrintingProcessor()).build();
    Tracer tracer = tracing.get("tracing-host");
    OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(a.get("baseUrl")).apiKey("test-key").maxRetries(0)
        .build();

    Span request = tracer.spanBuilder("handle-request").startSpan();
    try (Scope ignored = request.makeCurrent()) {
      for (int i = 0; i < calls; i++) {
        call(client);
      }
    } finally {
      request.end();
    }
    Thread outside = new Thread(() -> call(client), "outside");
    outside.start();
    outside.join();
    tracing.shutdown().join(10, java.util.concurrent.TimeUnit.SECONDS);
    HostOutput.statusOfAllAgents();
  }

  private static void call(OpenAIClient client) {
    try {
      var completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
          .model(ChatModel.GPT_4O_MINI).addUserMessage("hello").build());
      HostOutput.ok(completion.usage().map(u -> u.totalTokens()).orElse(-1L));
    } catch (Throwable e) {
      HostOutput.failed(e);
    }
  }

  /** Prints the events of each span as it ends. */
  private static final class PrintingProcessor implements SpanProcessor {
    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
      return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {
      for (EventData e : span.toSpanData().getEvents()) {
        Map<String, Object> attributes = new TreeMap<>();
        e.getAttributes().forEach((k, v) -> attributes.put(k.getKey(), v));
        System.out.println("EVENT " + span.getName() + " " + e.getName() + " " + attributes);
      }
      System.out.flush();
    }

    @Override
    public boolean isEndRequired() {
      return true;
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}

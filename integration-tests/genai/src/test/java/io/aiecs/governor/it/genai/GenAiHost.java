package io.aiecs.governor.it.genai;

import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import com.google.genai.types.Tool;
import io.aiecs.governor.Governor;
import io.aiecs.governor.it.hosts.Args;
import io.aiecs.governor.it.hosts.Callers;
import io.aiecs.governor.it.hosts.HostOutput;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain host app using the real google-genai client, knowing nothing of the governor.
 *
 * <p>Arguments, {@code key=value}: {@code baseUrl}; {@code api}: sync | async | stream | async-stream | afc |
 * async-afc | stream-close-early | stream-abandon; {@code threads}; {@code calls} (per thread);
 * {@code retryDelaySeconds} (the SDK's retry options: 3 attempts, this delay). Prints a
 * {@code CALL} line per call, {@code TOOL <n>} (tool executions), and the governor's {@code STATUS} per agent.
 */
public final class GenAiHost {
  static final AtomicInteger TOOL_RUNS = new AtomicInteger();

  /** The tool automatic function calling runs: static, as AFC invokes it without an instance. */
  public static String weather(String city) {
    TOOL_RUNS.incrementAndGet();
    return "sunny in " + city;
  }

  public static void main(String[] argv) throws Exception {
    Map<String, String> a = Args.parse(argv);
    String api = a.getOrDefault("api", "sync");
    int threads = Integer.parseInt(a.getOrDefault("threads", "1"));
    int calls = Integer.parseInt(a.getOrDefault("calls", "1"));
    HttpOptions.Builder http = HttpOptions.builder().baseUrl(a.get("baseUrl"));
    if (a.containsKey("retryDelaySeconds")) { // the SDK's own retry of 429s, waiting this long before a retry
      double delay = Double.parseDouble(a.get("retryDelaySeconds"));
      http.retryOptions(HttpRetryOptions.builder().attempts(3).initialDelay(delay).maxDelay(delay).jitter(0.0).build());
    }
    Client client = Client.builder().apiKey("test-key").httpOptions(http.build()).build();

    Callers.run(threads, calls, () -> call(client, api));
    if (api.equals("stream-abandon")) {
      System.out.println("RELEASED " + releasedAfterGc());
    }
    System.out.println("TOOL " + TOOL_RUNS.get());
    HostOutput.statusOfAllAgents();
    HostOutput.exit(); // the async client's OkHttp dispatcher threads would hold the JVM for a minute
  }

  static long call(Client client, String api) throws Exception {
    String model = "gemini-fake";
    switch (api) {
      case "sync":
        return total(client.models.generateContent(model, "hello", null));
      case "async":
        return total(client.async.models.generateContent(model, "hello", null).join());
      case "afc":
        return total(client.models.generateContent(model, "weather in Paris?", withTool()));
      case "async-afc":
        return total(client.async.models.generateContent(model, "weather in Paris?", withTool()).join());
      case "stream":
        try (ResponseStream<GenerateContentResponse> stream = client.models.generateContentStream(model, "hi", null)) {
          return drain(stream);
        }
      case "async-stream":
        try (ResponseStream<GenerateContentResponse> stream =
                 client.async.models.generateContentStream(model, "hi", null).join()) {
          return drain(stream);
        }
      case "stream-close-early":
        try (ResponseStream<GenerateContentResponse> stream = client.models.generateContentStream(model, "hi", null)) {
          Iterator<GenerateContentResponse> it = stream.iterator();
          return total(it.next()); // the rest is never read: closed early
        }
      case "stream-abandon":
        return readFirstAndDrop(client, model);
      default:
        throw new IllegalArgumentException(api);
    }
  }

  private static GenerateContentConfig withTool() throws NoSuchMethodException {
    return GenerateContentConfig.builder()
        .tools(Tool.builder().functions(GenAiHost.class.getMethod("weather", String.class)).build())
        .build();
  }

  private static long readFirstAndDrop(Client client, String model) {
    ResponseStream<GenerateContentResponse> stream = client.models.generateContentStream(model, "hi", null);
    return total(stream.iterator().next()); // neither read to the end nor closed
  }

  /** Collects garbage until the governor has no call in flight (the dropped stream's permit came back). */
  private static boolean releasedAfterGc() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      System.gc();
      if (Governor.status("default").activeTasks() == 0) {
        return true;
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    return false;
  }

  private static long drain(ResponseStream<GenerateContentResponse> stream) {
    long total = -1;
    for (GenerateContentResponse chunk : stream) {
      total = Math.max(total, total(chunk));
    }
    return total;
  }

  private static long total(GenerateContentResponse r) {
    return r.usageMetadata().flatMap(u -> u.totalTokenCount()).orElse(-1);
  }
}

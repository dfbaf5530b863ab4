package io.aiecs.governor.it.hosts;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import java.util.Map;

/**
 * A plain host app using the real openai-java client, knowing nothing of the governor.
 *
 * <p>Arguments, {@code key=value}: {@code baseUrl}, {@code api} (sync-chat | async-chat | sync-responses |
 * async-responses), {@code threads}, {@code calls} (per thread), {@code prefix} (thread names:
 * {@code <prefix>-<n>}; several prefixes, comma-separated, take turns), {@code client} (builder | fromEnv), {@code models} (chat
 * models asked for, comma-separated, taking turns), {@code trickle=true} (see {@code x-fake-trickle}). Prints a {@code CALL} line per call and the
 * governor's {@code STATUS} per agent at the end; {@code linger} (ms to stay up after the calls) and
 * {@code threads-and-sockets=true} ({@code THREAD} and {@code LISTEN} lines, see {@link ProcessFacts});
 * {@code tool=true} (after each call, one run of the application's tool {@link ToolHost.Tools#search}) and
 * {@code gc=true} (a {@code System.gc()} after the calls).
 */
public final class OpenAiHost {
  public static void main(String[] argv) throws Exception {
    Map<String, String> a = Args.parse(argv);
    String api = a.getOrDefault("api", "sync-chat");
    int threads = Integer.parseInt(a.getOrDefault("threads", "1"));
    int calls = Integer.parseInt(a.getOrDefault("calls", "1"));
    String[] prefixes = a.getOrDefault("prefix", "caller").split(",");
    OpenAIClient client = "fromEnv".equals(a.get("client"))
        ? OpenAIOkHttpClient.fromEnv()
        : OpenAIOkHttpClient.builder().baseUrl(a.get("baseUrl")).apiKey("test-key")
            .maxRetries(Integer.parseInt(a.getOrDefault("retries", "0"))).build();

    if (a.containsKey("warmup")) {
      // the SDK builds its JSON machinery on first use (seconds of CPU): done before anything is timed, on a
      // thread of its own that a test may attribute to an agent of its own
      Thread warmup = new Thread(() -> {
        try {
          HostOutput.ok(call(client, "sync-chat"));
        } catch (Throwable e) {
          HostOutput.failed(e);
        }
      }, "warmup");
      warmup.start();
      warmup.join();
    }
    latencyMillis = a.get("latencyMs");
    trickle = "true".equals(a.get("trickle"));
    models = a.getOrDefault("models", ChatModel.GPT_4O_MINI.asString()).split(",");
    boolean tool = "true".equals(a.get("tool"));
    Callers.run(threads, calls, t -> prefixes[t % prefixes.length] + "-" + t, n -> {
      long began = System.nanoTime();
      try {
        long tokens = call(client, api);
        if (tool) {
          new ToolHost.Tools().search("q" + n);
        }
        return tokens;
      } finally {
        System.out.println("TIME " + Thread.currentThread().getName() + " " + (System.nanoTime() - began) / 1_000_000);
      }
    }, failure -> { });
    if ("true".equals(a.get("gc"))) {
      System.gc();
    }
    HostOutput.statusOfAllAgents();
    if (a.containsKey("linger")) { // stays up (e.g. to be scraped) until the test ends it
      Thread.sleep(Long.parseLong(a.get("linger")));
    }
    if ("true".equals(a.get("threads-and-sockets"))) {
      ProcessFacts.print();
    }
    client.close();
  }

  static long call(OpenAIClient client, String api) {
    return switch (api) {
      case "sync-chat" -> chatTokens(client.chat().completions().create(chatParams()));
      case "async-chat" -> chatTokens(client.async().chat().completions().create(chatParams()).join());
      case "sync-responses" -> responseTokens(client.responses().create(responseParams()));
      case "async-responses" -> responseTokens(client.async().responses().create(responseParams()).join());
      default -> OpenAiStreams.call(client, api);
    };
  }

  /** Per-request server latency ({@code x-fake-latency-ms}), or null for the server's default. */
  private static volatile String latencyMillis;
  /** Whether the server trickles whitespace while it waits ({@code x-fake-trickle}): it then sees a hang-up. */
  private static volatile boolean trickle;

  /** The models calls ask for, taking turns ({@code models}, comma-separated). */
  private static volatile String[] models = {ChatModel.GPT_4O_MINI.asString()};
  private static final java.util.concurrent.atomic.AtomicInteger TURN = new java.util.concurrent.atomic.AtomicInteger();

  static ChatCompletionCreateParams chatParams() {
    String[] m = models;
    var b = ChatCompletionCreateParams.builder().model(m[Math.floorMod(TURN.getAndIncrement(), m.length)])
        .addUserMessage("Say hello");
    if (latencyMillis != null) {
      b.putAdditionalHeader("x-fake-latency-ms", latencyMillis);
    }
    if (trickle) {
      b.putAdditionalHeader("x-fake-trickle", "1");
    }
    return b.build();
  }

  static ResponseCreateParams responseParams() {
    var b = ResponseCreateParams.builder().model(ChatModel.GPT_4O_MINI).input("Say hello");
    if (latencyMillis != null) {
      b.putAdditionalHeader("x-fake-latency-ms", latencyMillis);
    }
    return b.build();
  }

  static long chatTokens(ChatCompletion c) {
    return c.usage().map(u -> u.totalTokens()).orElse(-1L);
  }

  static long responseTokens(Response r) {
    return r.usage().map(u -> u.totalTokens()).orElse(-1L);
  }
}

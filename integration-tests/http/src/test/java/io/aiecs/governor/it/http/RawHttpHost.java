package io.aiecs.governor.it.http;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.aiecs.governor.Governor;
import io.aiecs.governor.it.hosts.Args;
import io.aiecs.governor.it.hosts.Callers;
import io.aiecs.governor.it.hosts.HostOutput;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A host that calls LLM endpoints over a raw HTTP client, knowing nothing of the governor.
 *
 * <p>Arguments {@code key=value}: {@code client} (okhttp | jdk | openai-sdk), {@code mode} (sync | async | sse |
 * input: a body read through {@code ofInputStream()} | drop: a response read one line, or with client
 * {@code jdk-input} one byte of its {@code ofInputStream()}, with {@code jdk-lines} the first line of its
 * {@code ofLines()} stream, and dropped unclosed), {@code url} (the endpoint),
 * {@code api} (chat | responses | anthropic | gemini: the request body), {@code threads}, {@code calls} (per
 * thread), {@code header} ({@code name:value} sent on every request), {@code hold} (see {@link #holdIf}). Prints a
 * {@code CALL} line per call (OK with the bytes read), {@code RELEASED} for a dropped stream, and the governor's {@code STATUS} lines.
 */
public final class RawHttpHost {
  private static final OkHttpClient OKHTTP = new OkHttpClient.Builder().readTimeout(60, TimeUnit.SECONDS).build();
  private static final HttpClient JDK = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  public static void main(String[] argv) throws Exception {
    Map<String, String> a = Args.parse(argv);
    String client = a.getOrDefault("client", "okhttp");
    String mode = a.getOrDefault("mode", "sync");
    String url = a.get("url");
    String body = body(a.getOrDefault("api", "chat"),
        mode.equals("sse") || (mode.equals("drop") && !client.equals("jdk-input")));
    String[] header = a.containsKey("header") ? a.get("header").split(":", 2) : null;
    int threads = Integer.parseInt(a.getOrDefault("threads", "1"));
    int calls = Integer.parseInt(a.getOrDefault("calls", "1"));

    if (mode.equals("drop")) {
      drop(client, url, body, header);
      HostOutput.statusOfAllAgents();
      holdIf(a);
      return;
    }
    Callers.run(threads, calls, n -> {
      long began = System.nanoTime();
      try {
        return switch (client) {
          case "okhttp" -> okhttp(mode, url, body, header);
          case "jdk" -> jdk(mode, url, body, header);
          case "openai-sdk" -> sdk(url, mode);
          default -> throw new IllegalArgumentException(client);
        };
      } finally {
        System.out.println("TIME " + Thread.currentThread().getName() + " " + (System.nanoTime() - began) / 1_000_000);
      }
    }, failure -> { });
    HostOutput.statusOfAllAgents();
    holdIf(a);
    HostOutput.exit(); // OkHttp's dispatcher threads (async mode, the SDK) would hold the JVM for a minute
  }

  /**
   * With {@code hold=true}: stays alive (prints {@code HOLDING}) until the test ends it, so that a connection the
   * server sees closed was closed by the client library, not by this JVM's exit.
   */
  private static void holdIf(Map<String, String> a) throws IOException {
    if (Boolean.parseBoolean(a.get("hold"))) {
      System.out.println("HOLDING");
      System.out.flush();
      System.in.read();
    }
  }

  static String body(String api, boolean stream) {
    String s = stream ? ",\"stream\":true" : "";
    return switch (api) {
      case "chat" -> "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]" + s
          + (stream ? ",\"stream_options\":{\"include_usage\":true}" : "") + "}";
      case "responses" -> "{\"model\":\"gpt-4o-mini\",\"input\":\"Say hello\"" + s + "}";
      case "anthropic" -> "{\"model\":\"claude-test\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\","
          + "\"content\":\"Say hello\"}]" + s + "}";
      case "gemini" -> "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Say hello\"}]}]}";
      default -> throw new IllegalArgumentException(api);
    };
  }

  private static Request okRequest(String url, String body, String[] header) {
    Request.Builder b = new Request.Builder().url(url).post(RequestBody.create(body, MediaType.get("application/json")));
    if (header != null) {
      b.header(header[0], header[1]);
    }
    return b.build();
  }

  static long okhttp(String mode, String url, String body, String[] header) throws Exception {
    Call call = OKHTTP.newCall(okRequest(url, body, header));
    switch (mode) {
      case "sync" -> {
        try (Response r = call.execute()) {
          return r.body().string().length();
        }
      }
      case "sse" -> {
        try (Response r = call.execute()) {
          long n = 0;
          for (String line = r.body().source().readUtf8Line(); line != null; line = r.body().source().readUtf8Line()) {
            n += line.length() + 1;
          }
          return n;
        }
      }
      case "async" -> {
        CompletableFuture<Long> done = new CompletableFuture<>();
        call.enqueue(new Callback() {
          @Override
          public void onFailure(Call c, IOException e) {
            done.completeExceptionally(e);
          }

          @Override
          public void onResponse(Call c, Response r) throws IOException {
            try (r) {
              done.complete((long) r.body().string().length());
            }
          }
        });
        return done.get();
      }
      default -> throw new IllegalArgumentException(mode);
    }
  }

  private static HttpRequest jdkRequest(String url, String body, String[] header) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (header != null) {
      b.header(header[0], header[1]);
    }
    return b.build();
  }

  static long jdk(String mode, String url, String body, String[] header) throws Exception {
    HttpRequest request = jdkRequest(url, body, header);
    return switch (mode) {
      case "sync" -> JDK.send(request, HttpResponse.BodyHandlers.ofString()).body().length();
      case "async" -> JDK.sendAsync(request, HttpResponse.BodyHandlers.ofString()).join().body().length();
      case "input" -> {
        try (InputStream in = JDK.send(request, HttpResponse.BodyHandlers.ofInputStream()).body()) {
          yield in.readAllBytes().length;
        }
      }
      case "sse" -> {
        try (Stream<String> lines = JDK.send(request, HttpResponse.BodyHandlers.ofLines()).body()) {
          yield lines.mapToLong(l -> l.length() + 1).sum();
        }
      }
      default -> throw new IllegalArgumentException(mode);
    };
  }

  private static OpenAIClient sdkClient;

  static long sdk(String url, String mode) {
    OpenAIClient client;
    synchronized (RawHttpHost.class) {
      if (sdkClient == null) {
        sdkClient = OpenAIOkHttpClient.builder().baseUrl(url).apiKey("test-key").maxRetries(0).build();
      }
      client = sdkClient;
    }
    ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model(ChatModel.GPT_4O_MINI)
        .addUserMessage("Say hello").build();
    var completion = mode.equals("async") ? client.async().chat().completions().create(params).join()
        : client.chat().completions().create(params);
    return completion.usage().map(u -> u.totalTokens()).orElse(-1L);
  }

  /** Opens a stream, reads one line, drops it unclosed; then collects garbage until its permit is back. */
  private static void drop(String client, String url, String body, String[] header) throws Exception {
    openAndDrop(client, url, body, header);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (Governor.status("default").activeTasks() > 0 && System.nanoTime() < deadline) {
      System.gc();
      TimeUnit.MILLISECONDS.sleep(50);
    }
    System.out.println("RELEASED " + (Governor.status("default").activeTasks() == 0));
  }

  private static void openAndDrop(String client, String url, String body, String[] header) throws Exception {
    if (client.equals("okhttp")) {
      Response r = OKHTTP.newCall(okRequest(url, body, header)).execute();
      System.out.println("FIRST " + r.body().source().readUtf8Line());
    } else if (client.equals("jdk-input")) {
      InputStream in = JDK.send(jdkRequest(url, body, header), HttpResponse.BodyHandlers.ofInputStream()).body();
      System.out.println("FIRST " + in.read());
    } else {
      Stream<String> lines = JDK.send(jdkRequest(url, body, client.equals("jdk-lines") ? header : null),
          HttpResponse.BodyHandlers.ofLines()).body();
      System.out.println("FIRST " + lines.findFirst().orElse(""));
    }
    System.out.println("HELD " + Governor.status("default").activeTasks());
  }
}

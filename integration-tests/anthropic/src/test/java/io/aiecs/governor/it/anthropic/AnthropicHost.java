package io.aiecs.governor.it.anthropic;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.AsyncStreamResponse;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.RateLimitException;
import com.anthropic.helpers.BetaRunnableTool;
import com.anthropic.helpers.BetaToolRunner;
import com.anthropic.models.beta.messages.BetaMessage;
import com.anthropic.models.beta.messages.BetaRawMessageStreamEvent;
import com.anthropic.models.beta.messages.BetaTool;
import com.anthropic.models.beta.messages.BetaToolResultBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import io.aiecs.governor.Governor;
import io.aiecs.governor.it.hosts.Args;
import io.aiecs.governor.it.hosts.Callers;
import io.aiecs.governor.it.hosts.HostOutput;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A plain host app using the real anthropic-java client, knowing nothing of the governor.
 *
 * <p>Arguments, {@code key=value}: {@code baseUrl}; {@code api}: sync, async, stream, stream-async (each also
 * {@code beta-...}), stream-close (reads the first event, then closes), stream-abandon (drops the stream unread
 * and collects garbage until the governor has the permit back; prints {@code RELEASED <ms>} or
 * {@code NOT-RELEASED}), tools (a {@code BetaToolRunner} with one tool); {@code threads}, {@code calls} (per
 * thread), {@code retries}. Prints a {@code CALL} line per call ({@code OK <tokens the SDK reported>}), a
 * {@code TOOL <n>} line per tool execution, and the governor's {@code STATUS} per agent at the end.
 */
public final class AnthropicHost {
  private static final AtomicInteger toolRuns = new AtomicInteger();

  public static void main(String[] argv) throws Exception {
    Map<String, String> a = Args.parse(argv);
    String api = a.getOrDefault("api", "sync");
    int threads = Integer.parseInt(a.getOrDefault("threads", "1"));
    int calls = Integer.parseInt(a.getOrDefault("calls", "1"));
    AnthropicClient client = AnthropicOkHttpClient.builder().baseUrl(a.get("baseUrl")).apiKey("test-key")
        .maxRetries(Integer.parseInt(a.getOrDefault("retries", "0"))).build();

    Callers.run(threads, calls, n -> call(client, api), AnthropicHost::printRetryAfter);
    HostOutput.statusOfAllAgents();
    client.close();
  }

  /** The SDK's own rate-limit exception (reject-as=client) carries the governor's retry-after. */
  private static void printRetryAfter(Throwable e) {
    Throwable cause = e.getCause() != null && !(e instanceof RateLimitException) ? e.getCause() : e;
    if (cause instanceof RateLimitException r) {
      System.out.println("RETRY-AFTER " + r.headers().values("retry-after"));
    }
  }

  static long call(AnthropicClient client, String api) throws Exception {
    return switch (api) {
      case "sync" -> tokens(client.messages().create(params()));
      case "async" -> tokens(client.async().messages().create(params()).join());
      case "stream" -> {
        try (StreamResponse<RawMessageStreamEvent> s = client.messages().createStreaming(params())) {
          Usage u = new Usage();
          s.stream().forEach(u::read);
          yield u.total();
        }
      }
      case "stream-async" -> {
        Usage u = new Usage();
        client.async().messages().createStreaming(params()).subscribe(u::read).onCompleteFuture().join();
        yield u.total();
      }
      case "beta-sync" -> tokens(client.beta().messages().create(betaParams()));
      case "beta-async" -> tokens(client.async().beta().messages().create(betaParams()).join());
      case "beta-stream" -> {
        try (StreamResponse<BetaRawMessageStreamEvent> s = client.beta().messages().createStreaming(betaParams())) {
          Usage u = new Usage();
          for (BetaRawMessageStreamEvent e : s) {
            u.readBeta(e);
          }
          yield u.total();
        }
      }
      case "beta-stream-async" -> {
        Usage u = new Usage();
        AsyncStreamResponse<BetaRawMessageStreamEvent> s =
            client.async().beta().messages().createStreaming(betaParams());
        s.subscribe(new AsyncStreamResponse.Handler<>() {
          @Override
          public void onNext(BetaRawMessageStreamEvent e) {
            u.readBeta(e);
          }

          @Override
          public void onComplete(Optional<Throwable> error) {
            error.ifPresent(t -> System.out.println("STREAM-ERROR " + t));
          }
        });
        s.onCompleteFuture().join();
        yield u.total();
      }
      case "stream-close" -> {
        StreamResponse<RawMessageStreamEvent> s = client.messages().createStreaming(params());
        Iterator<RawMessageStreamEvent> it = s.iterator();
        it.next();
        s.close();
        yield 0;
      }
      case "stream-abandon" -> {
        client.messages().createStreaming(MessageCreateParams.builder().model("claude-test").maxTokens(100)
            .addUserMessage("Say hello").putAdditionalHeader("x-fake-hold-ms", "20000").build());
        long began = System.nanoTime();
        long deadline = began + 15_000_000_000L;
        while (Governor.status("default").activeTasks() > 0 && System.nanoTime() < deadline) {
          System.gc();
          Thread.onSpinWait();
        }
        System.out.println(Governor.status("default").activeTasks() == 0
            ? "RELEASED " + (System.nanoTime() - began) / 1_000_000 : "NOT-RELEASED");
        yield 0;
      }
      case "tools" -> {
        BetaRunnableTool weather = BetaRunnableTool.of(BetaTool.builder().name("get_weather")
                .description("Weather of a city")
                .inputSchema(BetaTool.InputSchema.builder().properties(JsonValue.from(Map.of("city",
                    Map.of("type", "string")))).build()).build(),
            input -> {
              System.out.println("TOOL " + toolRuns.incrementAndGet());
              return BetaToolResultBlockParam.Content.ofString("sunny");
            });
        BetaToolRunner runner = client.beta().messages().toolRunner(
            com.anthropic.models.beta.messages.MessageCreateParams.builder().model("claude-test").maxTokens(100)
                .addUserMessage("What is the weather in Paris?").addTool(weather).build());
        long total = 0;
        for (BetaMessage m : runner) {
          total += tokens(m);
        }
        yield total;
      }
      default -> throw new IllegalArgumentException(api);
    };
  }

  static MessageCreateParams params() {
    return MessageCreateParams.builder().model("claude-test").maxTokens(100).addUserMessage("Say hello").build();
  }

  static com.anthropic.models.beta.messages.MessageCreateParams betaParams() {
    return com.anthropic.models.beta.messages.MessageCreateParams.builder().model("claude-test").maxTokens(100)
        .addUserMessage("What is the weather in Paris?").build();
  }

  static long tokens(Message m) {
    return m.usage().inputTokens() + m.usage().outputTokens();
  }

  static long tokens(BetaMessage m) {
    return m.usage().inputTokens() + m.usage().outputTokens();
  }

  /** What a streaming app reads: input from message_start, output from the last message_delta. */
  static final class Usage {
    final AtomicLong input = new AtomicLong();
    final AtomicLong output = new AtomicLong();

    void read(RawMessageStreamEvent e) {
      e.messageStart().ifPresent(s -> input.set(s.message().usage().inputTokens()));
      e.messageDelta().ifPresent(d -> output.set(d.usage().outputTokens()));
    }

    void readBeta(BetaRawMessageStreamEvent e) {
      e.messageStart().ifPresent(s -> input.set(s.message().usage().inputTokens()));
      e.messageDelta().ifPresent(d -> output.set(d.usage().outputTokens()));
    }

    long total() {
      return input.get() + output.get();
    }
  }
}

package io.aiecs.governor.it.langchain4j.hosts;

import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.service.AiServices;
import io.aiecs.governor.Governor;
import io.aiecs.governor.it.hosts.HostOutput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A LangChain4j application: {@code threads} threads ({@code worker-N}) each make {@code calls} calls through the
 * OpenAI module against {@code baseUrl}, in one of these modes, then print {@code STATUS} lines.
 * <ul>
 *   <li>{@code sync}: {@code ChatModel.chat(String)}; {@code retries} is the model's {@code maxRetries}</li>
 *   <li>{@code stream}: {@code StreamingChatModel.chat(String, handler)}, waiting for the handler's end</li>
 *   <li>{@code stream-cancel}: as {@code stream}, the handler cancels the stream at its first partial response
 *       (through the context's streaming handle); the host then waits for the agent to be available again</li>
 *   <li>{@code tools}: an AI service with one {@code @Tool}; the server asks for it {@code toolCalls} times; prints
 *       {@code TOOLS executed=N} and {@code ANSWER <text>}</li>
 * </ul>
 * A {@code CALL} line per call (see {@link HostOutput}; a stream's error is the one its handler's {@code onError}
 * got), and for streams a {@code TIME <thread> <ms>} line. With {@code trickle=true} the server trickles each
 * answer before its body ({@code x-fake-trickle}); with {@code hold=true} the host prints its {@code STATUS} lines
 * and {@code HOLDING} and stays alive until its input closes, so that a connection the server sees closed was
 * closed by the client, not by this JVM's exit.
 */
public final class LangChain4jHost {
  private LangChain4jHost() {}

  /** The tool of the {@code tools} mode; counts its real executions. */
  public static final class Weather {
    static final AtomicInteger EXECUTED = new AtomicInteger();

    @Tool("the weather right now")
    public String weather() {
      return "sunny #" + EXECUTED.incrementAndGet();
    }
  }

  interface Assistant {
    String chat(String question);
  }

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = new HashMap<>();
    for (String a : argv) {
      int eq = a.indexOf('=');
      args.put(a.substring(0, eq), a.substring(eq + 1));
    }
    String mode = args.get("mode");
    String baseUrl = args.get("baseUrl");
    int threads = Integer.parseInt(args.getOrDefault("threads", "1"));
    int calls = Integer.parseInt(args.getOrDefault("calls", "1"));
    int retries = Integer.parseInt(args.getOrDefault("retries", "0"));
    Map<String, String> headers = new HashMap<>();
    if (args.containsKey("toolCalls")) {
      headers.put("x-fake-tool-calls", "weather:" + args.get("toolCalls"));
    }

    ChatModel chat = OpenAiChatModel.builder().baseUrl(baseUrl).apiKey("test-key").modelName("gpt-4o-mini")
        .maxRetries(retries).customHeaders(headers).timeout(Duration.ofSeconds(30)).build();
    Map<String, String> streamHeaders = new HashMap<>();
    if (Boolean.parseBoolean(args.get("trickle"))) {
      streamHeaders.put("x-fake-trickle", "1");
    }
    StreamingChatModel streaming = OpenAiStreamingChatModel.builder().baseUrl(baseUrl).apiKey("test-key")
        .modelName("gpt-4o-mini").customHeaders(streamHeaders).timeout(Duration.ofSeconds(30)).build();

    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread worker = new Thread(() -> {
        for (int i = 0; i < calls; i++) {
          try {
            switch (mode) {
              case "sync" -> HostOutput.ok(chat.chat(dev.langchain4j.data.message.UserMessage.from("hello"))
                  .tokenUsage().totalTokenCount());
              case "stream" -> stream(streaming, false);
              case "stream-cancel" -> stream(streaming, true);
              case "tools" -> tools(chat);
              default -> throw new IllegalArgumentException("mode " + mode);
            }
          } catch (Throwable e) {
            HostOutput.failed(e);
          }
        }
      }, "worker-" + t);
      workers.add(worker);
      worker.start();
    }
    for (Thread w : workers) {
      w.join();
    }
    if (mode.equals("stream-cancel")) {
      System.out.println("AVAILABLE " + Governor.awaitResources("default", Duration.ofSeconds(20)));
    }
    HostOutput.statusOfAllAgents();
    if (Boolean.parseBoolean(args.get("hold"))) {
      System.out.println("HOLDING");
      System.out.flush();
      System.in.read();
    }
  }

  private static void stream(StreamingChatModel model, boolean cancel) throws Throwable {
    long began = System.nanoTime();
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    model.chat("hello", new StreamingChatResponseHandler() {
      @Override
      public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
        if (cancel && !done.isDone()) {
          context.streamingHandle().cancel();
          done.complete(null);
        }
      }

      @Override
      public void onCompleteResponse(ChatResponse response) {
        done.complete(response);
      }

      @Override
      public void onError(Throwable error) {
        done.completeExceptionally(error);
      }
    });
    ChatResponse response;
    try {
      response = done.get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause(); // what onError got
    } finally {
      System.out.println("TIME " + Thread.currentThread().getName() + " " + (System.nanoTime() - began) / 1_000_000);
    }
    if (response == null) {
      System.out.println("CALL " + Thread.currentThread().getName() + " CANCELLED");
    } else {
      HostOutput.ok(response.tokenUsage().totalTokenCount());
    }
  }

  private static void tools(ChatModel model) {
    Assistant assistant = AiServices.builder(Assistant.class).chatModel(model).tools(new Weather()).build();
    String answer = assistant.chat("what is the weather?");
    System.out.println("TOOLS executed=" + Weather.EXECUTED.get());
    System.out.println("ANSWER " + answer.replace('\n', ' '));
    HostOutput.ok(0);
  }
}

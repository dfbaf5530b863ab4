package io.aiecs.governor.it.hosts;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A host with an agent class whose {@code run} makes five LLM calls: on its own thread, on a thread it starts, on
 * a pool whose threads existed before any task, in a {@code CompletableFuture} async stage and on a scheduled pool. {@code runs}
 * threads (named {@code worker-<n>}, matching no rule) run it at once.
 */
public final class EntryHost {
  /** The application's agent: knows nothing of the governor. */
  public static final class ResearchAgent {
    private final OpenAIClient client;

    ResearchAgent(OpenAIClient client) {
      this.client = client;
    }

    public long run() throws Exception {
      long tokens = OpenAiHost.call(client, "sync-chat");
      long[] more = new long[1];
      Thread helper = new Thread(() -> more[0] = OpenAiHost.call(client, "sync-chat"), "helper");
      helper.start();
      helper.join();
      tokens += more[0];
      tokens += POOL.submit(() -> OpenAiHost.call(client, "sync-chat")).get();
      tokens += CompletableFuture.supplyAsync(() -> OpenAiHost.call(client, "sync-chat")).join();
      tokens += SCHEDULER.schedule(() -> OpenAiHost.call(client, "sync-chat"), 1, TimeUnit.MILLISECONDS).get();
      return tokens;
    }
  }

  /** Created, and its threads started, before any task runs: nothing to inherit. */
  static final ThreadPoolExecutor POOL = new ThreadPoolExecutor(2, 2, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>());
  /** A scheduled pool, likewise started before any task. */
  static final ScheduledThreadPoolExecutor SCHEDULER = new ScheduledThreadPoolExecutor(1);



  public static void main(String[] argv) throws Exception {
    Map<String, String> a = Args.parse(argv);
    int runs = Integer.parseInt(a.getOrDefault("runs", "1"));
    POOL.prestartAllCoreThreads();
    SCHEDULER.prestartAllCoreThreads();
    CompletableFuture.runAsync(() -> { }).join(); // the common pool's first worker, likewise
    OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(a.get("baseUrl")).apiKey("k").maxRetries(0).build();
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      Thread w = new Thread(() -> {
        try {
          HostOutput.ok(new ResearchAgent(client).run());
        } catch (Throwable t) {
          HostOutput.failed(t);
        }
      }, "worker-" + i);
      workers.add(w);
      w.start();
    }
    for (Thread w : workers) {
      w.join();
    }
    HostOutput.statusOfAllAgents();
    POOL.shutdown();
    SCHEDULER.shutdown();
    client.close();
  }
}

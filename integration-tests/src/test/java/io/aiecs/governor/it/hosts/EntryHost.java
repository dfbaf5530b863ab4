package io.aiecs.governor.it.hosts;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A host with an agent class whose {@code run} makes two LLM calls, the second from a thread it starts; {@code runs}
 * threads (named {@code worker-<n>}, matching no rule) run it at once.
 */
public final class EntryHost {
  /** The application's agent: knows nothing of the governor. */
  public static final class ResearchAgent {
    private final OpenAIClient client;

    ResearchAgent(OpenAIClient client) {
      this.client = client;
    }

    public long run() throws InterruptedException {
      long tokens = OpenAiHost.call(client, "sync-chat");
      long[] more = new long[1];
      Thread helper = new Thread(() -> more[0] = OpenAiHost.call(client, "sync-chat"), "helper");
      helper.start();
      helper.join();
      return tokens + more[0];
    }
  }

  public static void main(String[] argv) throws Exception {
    Map<String, String> a = Args.parse(argv);
    int runs = Integer.parseInt(a.getOrDefault("runs", "1"));
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
    client.close();
  }
}

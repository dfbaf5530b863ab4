package io.aiecs.governor.demo;

import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.responses.ResponseCreateParams;
import io.aiecs.governor.Governor;
import io.aiecs.governor.demo.server.FakeOpenAiServer;
import io.aiecs.governor.demo.server.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One logical agent of the demo app: a few worker threads with recognizable names making LLM calls. It knows
 * nothing of limits; the governor recognizes it by its thread names alone.
 */
final class AgentWorkload {
  enum Api {
    CHAT("chat.completions"),
    RESPONSES("responses");

    final String label;

    Api(String label) {
      this.label = label;
    }
  }

  final String name;
  final String threadPrefix;
  final int threads;
  final Api api;
  final Usage fakeUsage; // what the embedded server reports per call; ignored by a real server
  final String prompt;
  final long maxOutputTokens;
  final Tally tally = new Tally();
  /** The agent the governor charges this agent's threads to, as seen from its first worker. */
  final AtomicReference<String> governorAgentId = new AtomicReference<>();

  AgentWorkload(String name, String threadPrefix, int threads, Api api, Usage fakeUsage, String prompt,
      long maxOutputTokens) {
    this.name = name;
    this.threadPrefix = threadPrefix;
    this.threads = threads;
    this.api = api;
    this.fakeUsage = fakeUsage;
    this.prompt = prompt;
    this.maxOutputTokens = maxOutputTokens;
  }

  /** Starts the worker threads: each makes up to {@code calls} calls, none starting after the deadline. */
  List<Thread> start(OpenAIClient client, String model, boolean fakeServer, int calls, long deadlineNanos) {
    List<Thread> workers = new ArrayList<>();
    for (int i = 1; i <= threads; i++) {
      Thread t = new Thread(() -> {
        governorAgentId.compareAndSet(null, Governor.currentAgentId());
        for (int c = 0; c < calls && System.nanoTime() < deadlineNanos; c++) {
          callOnce(client, model, fakeServer, c);
        }
      }, threadPrefix + i);
      t.setDaemon(true); // a worker stuck past the deadline must not keep the JVM alive
      t.start();
      workers.add(t);
    }
    return workers;
  }

  private void callOnce(OpenAIClient client, String model, boolean fakeServer, int n) {
    tally.attempted();
    try {
      if (api == Api.CHAT) {
        var params = ChatCompletionCreateParams.builder()
            .model(model)
            .addUserMessage(prompt + " (#" + n + ")")
            .maxCompletionTokens(maxOutputTokens)
            .putAdditionalHeader(FakeOpenAiServer.AGENT_HEADER, name);
        if (fakeServer) {
          params.putAdditionalHeader(FakeOpenAiServer.USAGE_HEADER, fakeUsage.headerValue());
        }
        var completion = client.chat().completions().create(params.build());
        tally.succeeded(completion.usage().map(u -> u.totalTokens()).orElse(0L));
      } else {
        var params = ResponseCreateParams.builder()
            .model(model)
            .instructions("You summarize briefly.")
            .input(prompt + " (#" + n + ")")
            .maxOutputTokens(maxOutputTokens)
            .putAdditionalHeader(FakeOpenAiServer.AGENT_HEADER, name);
        if (fakeServer) {
          params.putAdditionalHeader(FakeOpenAiServer.USAGE_HEADER, fakeUsage.headerValue());
        }
        var response = client.responses().create(params.build());
        tally.succeeded(response.usage().map(u -> u.totalTokens()).orElse(0L));
      }
    } catch (RuntimeException e) {
      tally.failed(e);
    }
  }
}

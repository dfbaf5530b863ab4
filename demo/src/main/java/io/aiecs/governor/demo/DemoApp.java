package io.aiecs.governor.demo;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.ObjectMappers;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import io.aiecs.governor.Governor;
import io.aiecs.governor.demo.AgentWorkload.Api;
import io.aiecs.governor.demo.server.FakeOpenAiServer;
import io.aiecs.governor.demo.server.Usage;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The README quick start's host app: three logical agents calling an LLM concurrently through openai-java.
 * It contains no limits and no governor code paths; run it plain, then under {@code -javaagent}, and compare.
 *
 * <p>It talks to an embedded {@link FakeOpenAiServer} unless {@code OPENAI_BASE_URL} is set; then to that
 * server, with {@code OPENAI_API_KEY} and the model {@code DEMO_MODEL} (default {@code gpt-4o-mini}).
 * Tunable with {@code -Ddemo.calls-per-worker=8} and {@code -Ddemo.max-seconds=15}.
 */
public final class DemoApp {
  static final Duration FAKE_LATENCY = Duration.ofMillis(80);

  private DemoApp() {}

  /**
   * The three agents. With the embedded server each call reports the usage given here, sized for the limits
   * in run-demo.sh: research (24 calls x 500) and summarizer (16 x 550) stay within their budgets, chatty
   * (32 x 2,500 = 80,000 wanted) overruns its 8,000 tokens per minute after a few calls.
   */
  static List<AgentWorkload> agents() {
    return List.of(
        new AgentWorkload("research", "research-worker-", 3, Api.CHAT, new Usage(300, 200),
            "In one sentence, what is a token bucket?", 100),
        new AgentWorkload("summarizer", "summarizer-", 2, Api.RESPONSES, new Usage(400, 150),
            "Summarize in ten words: rate limits protect shared services from overload.", 60),
        new AgentWorkload("chatty", "chatty-", 4, Api.CHAT, new Usage(1500, 1000),
            "Write a long, detailed essay on the history of rate limiting.", 1000));
  }

  public static void main(String[] args) throws InterruptedException {
    int callsPerWorker = Integer.getInteger("demo.calls-per-worker", 8);
    int maxSeconds = Integer.getInteger("demo.max-seconds", 15);
    System.exit(run(System.out, System.getenv("OPENAI_BASE_URL"), agents(), callsPerWorker, maxSeconds));
  }

  /**
   * Runs the agents to completion (or the deadline) and prints the report; returns the exit code: 0, or 1 when
   * a call failed for a reason other than the governor's refusal or a worker outlived the deadline.
   */
  static int run(PrintStream out, String externalUrl, List<AgentWorkload> agents, int callsPerWorker,
      int maxSeconds) throws InterruptedException {
    boolean embedded = externalUrl == null || externalUrl.isBlank();
    String model = embedded ? "gpt-4o-mini" : envOr("DEMO_MODEL", "gpt-4o-mini");

    FakeOpenAiServer server = null;
    OpenAIClient shared;
    OpenAIClient summarizerClient;
    if (embedded) {
      server = FakeOpenAiServer.builder().latency(FAKE_LATENCY).build().start();
      shared = OpenAIOkHttpClient.builder().baseUrl(server.baseUrl()).apiKey("demo-key").build();
      // built differently on purpose: the governor must not care how a client was constructed
      summarizerClient = OpenAIOkHttpClient.builder().fromEnv().baseUrl(server.baseUrl()).apiKey("demo-key").build();
    } else {
      shared = OpenAIOkHttpClient.builder().baseUrl(externalUrl).apiKey(envOr("OPENAI_API_KEY", ""))
          .timeout(Duration.ofSeconds(30)).build();
      summarizerClient = OpenAIOkHttpClient.fromEnv();
    }
    try {
      out.printf("aiecs-governor demo: %d agents, %d worker threads, up to %d calls each, at most %d s%n",
          agents.size(), agents.stream().mapToInt(a -> a.threads).sum(), callsPerWorker, maxSeconds);
      out.println("LLM endpoint: " + (embedded
          ? "embedded fake OpenAI server " + server.baseUrl() + " (latency " + FAKE_LATENCY.toMillis() + " ms)"
          : externalUrl + " (model " + model + ")"));
      out.println(Governor.isActive()
          ? "governor: active, agents " + Governor.agentIds()
          : "governor: agent not attached — ungoverned run");
      out.println();

      warmUpSdk();
      long start = System.nanoTime();
      long deadline = start + TimeUnit.SECONDS.toNanos(maxSeconds);
      List<Thread> workers = new ArrayList<>();
      for (AgentWorkload agent : agents) {
        OpenAIClient client = agent.api == Api.RESPONSES ? summarizerClient : shared;
        workers.addAll(agent.start(client, model, embedded, callsPerWorker, deadline));
      }
      boolean allDone = joinAll(workers, deadline + TimeUnit.SECONDS.toNanos(30));

      Report.print(out, agents, server, Duration.ofNanos(System.nanoTime() - start));
      if (!allDone) {
        out.println("WARNING: some workers were still running at the deadline; their calls are counted as made.");
      }
      long unexpected = agents.stream().mapToLong(a -> a.tally.failedCount()).sum();
      return unexpected == 0 && allDone ? 0 : 1;
    } finally {
      shared.close();
      summarizerClient.close();
      if (server != null) {
        server.close();
      }
    }
  }

  /**
   * openai-java builds its Jackson (de)serializers lazily: seconds of CPU on first use, which would stall the
   * first calls of every agent. Paid here, on the main thread and without any request, the run's timings show
   * the governor rather than class initialization.
   */
  private static void warmUpSdk() {
    try {
      var mapper = ObjectMappers.jsonMapper(); // the shared mapper the clients use by default
      mapper.readValue("{}", ChatCompletion.class);
      mapper.readValue("{}", Response.class);
      mapper.writeValueAsString(ChatCompletionCreateParams.builder().model("m").addUserMessage("x").build()._body());
      mapper.writeValueAsString(ResponseCreateParams.builder().model("m").input("x").build()._body());
    } catch (Exception e) {
      // only an optimization
    }
  }

  private static boolean joinAll(List<Thread> workers, long deadlineNanos) throws InterruptedException {
    for (Thread t : workers) {
      long left = deadlineNanos - System.nanoTime();
      if (left > 0) {
        TimeUnit.NANOSECONDS.timedJoin(t, left);
      }
    }
    return workers.stream().noneMatch(Thread::isAlive);
  }

  private static String envOr(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}

package io.aiecs.governor.demo.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An OpenAI-compatible HTTP server (chat completions and Responses, plain and streamed) for the demo and
 * for integration tests. It is the independent observer of those tests: it counts what actually reached the
 * wire (requests, concurrency, tokens, per agent by the {@code x-demo-agent} header), so the governor's
 * claims can be checked against something that does not share its code.
 *
 * <p>It never limits anything itself: an unbounded thread pool serves every connection at once.
 */
public final class FakeOpenAiServer implements AutoCloseable {
  /** Request header naming the logical agent, for the server's own attribution. */
  public static final String AGENT_HEADER = "x-demo-agent";
  /** Request header {@code "<prompt>,<completion>"} overriding the usage of this one response. */
  public static final String USAGE_HEADER = "x-fake-usage";
  /**
   * Request header: send the status and headers at once and, during the latency, a space every 50 ms before the
   * JSON body (JSON allows leading whitespace), or for a streamed answer an SSE comment line ({@code ":"}, which
   * clients skip) every 50 ms before the events. A client that gives up closes the connection, and the next space
   * fails to go out: the server sees the hang-up instead of assuming it ({@link RequestRecord#clientClosedEarly}).
   */
  public static final String TRICKLE_HEADER = "x-fake-trickle";
  private static final String NO_DELAY = "sun.net.httpserver.nodelay";

  /** Request header overriding the latency of this one response, in milliseconds. */
  public static final String LATENCY_HEADER = "x-fake-latency-ms";
  /**
   * Request header {@code "<function>:<n>"}: a chat completion (not streamed) answers with a call of that
   * function while the conversation holds fewer than {@code n} tool results, then with a text that quotes the
   * tool results it received (so a test sees what the model was told).
   */
  public static final String TOOL_CALLS_HEADER = "x-fake-tool-calls";
  /** The agent of requests without {@link #AGENT_HEADER}. */
  public static final String UNKNOWN_AGENT = "unknown";

  private final String host;
  private final int requestedPort;
  private volatile Usage defaultUsage;
  private volatile Duration latency;

  private final Observations observations = new Observations();
  private final AtomicInteger pending429s = new AtomicInteger();
  private volatile int retryAfterSeconds = 1;
  private final AtomicLong ids = new AtomicLong();

  private final HoldGate gate = new HoldGate();

  private HttpServer server;
  private ExecutorService executor;

  /** A server on 127.0.0.1, ephemeral port, no latency, usage 10 prompt + 20 completion tokens. */
  public FakeOpenAiServer() {
    this(builder());
  }

  private FakeOpenAiServer(Builder b) {
    this.host = b.host;
    this.requestedPort = b.port;
    this.defaultUsage = new Usage(b.promptTokens, b.completionTokens);
    this.latency = b.latency;
  }

  public static Builder builder() {
    return new Builder();
  }

  // ---- lifecycle ----

  public synchronized FakeOpenAiServer start() {
    if (server != null) {
      return this;
    }
    // The JDK's server leaves Nagle's algorithm on: a response written in two segments then waits for the client's
    // delayed ACK, ~40 ms a call, which hid everything the per-call benchmark measures. Read once per JVM, at the
    // first server's creation; set only if nobody chose otherwise.
    if (System.getProperty(NO_DELAY) == null) {
      System.setProperty(NO_DELAY, "true");
    }
    try {
      server = HttpServer.create(new InetSocketAddress(host, requestedPort), 1024);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + host + ":" + requestedPort, e);
    }
    AtomicInteger threads = new AtomicInteger();
    executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "fake-openai-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    return this;
  }

  /** Stops listening, releases held requests and interrupts the handlers still running. */
  @Override
  public synchronized void close() {
    gate.shutDown();
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
      server = null;
    }
  }

  public synchronized int port() {
    if (server == null) {
      throw new IllegalStateException("not started");
    }
    return server.getAddress().getPort();
  }

  /** What openai-java's {@code baseUrl(...)} needs, e.g. {@code http://127.0.0.1:PORT/v1}. */
  public String baseUrl() {
    return "http://" + hostForUrl() + ":" + port() + "/v1";
  }

  private String hostForUrl() {
    return "0.0.0.0".equals(host) ? "127.0.0.1" : host;
  }

  // ---- behaviour ----

  public FakeOpenAiServer usage(long promptTokens, long completionTokens) {
    this.defaultUsage = new Usage(promptTokens, completionTokens);
    return this;
  }

  public Usage usage() {
    return defaultUsage;
  }

  public FakeOpenAiServer latency(Duration latency) {
    this.latency = latency;
    return this;
  }

  public Duration latency() {
    return latency;
  }

  /** From now on, API requests block (while counting as in flight) until released. */
  public void holdRequests() {
    gate.hold();
  }

  /** Lets every held request, and every later one, proceed: ends hold mode. */
  public void releaseHeld() {
    gate.releaseAll();
  }

  /** Stays in hold mode but lets {@code n} requests (held now or arriving next) proceed. */
  public void releaseHeld(int n) {
    gate.release(n);
  }

  /** Requests blocked by hold mode right now. */
  public int heldRequests() {
    return gate.held();
  }

  /** Waits until at least {@code n} requests are parked by hold mode (past parsing and 429 decisions). */
  public boolean awaitHeld(int n, Duration timeout) {
    try {
      return gate.awaitHeld(n, timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The next {@code n} API requests get HTTP 429 with {@code retry-after} and OpenAI's error body. */
  public void failNextWith429(int n, int retryAfterSeconds) {
    this.retryAfterSeconds = retryAfterSeconds;
    pending429s.set(n);
  }

  // ---- observations ----

  /** API requests received (including those answered 429). */
  public long requestCount() {
    return observations.requests();
  }

  public int inFlight() {
    return observations.inFlight();
  }

  public int maxConcurrentInFlight() {
    return observations.maxInFlight();
  }

  /** Waits until at least {@code n} API requests are in flight at once; false on timeout. */
  public boolean awaitInFlight(int n, Duration timeout) {
    try {
      return observations.awaitInFlight(n, timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Waits until the server saw a client hang up on a response (writing it failed: {@link RequestRecord#clientClosedEarly});
   * false on timeout.
   */
  public boolean awaitClientClosedEarly(Duration timeout) {
    try {
      return observations.awaitClientClosedEarly(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public long rateLimitedCount() {
    return observations.rateLimited();
  }

  /** Prompt/input tokens of all responses produced (streamed ones count whether or not usage was sent). */
  public long totalPromptTokensSent() {
    return observations.promptTokens();
  }

  public long totalCompletionTokensSent() {
    return observations.completionTokens();
  }

  public long totalTokensSent() {
    return observations.promptTokens() + observations.completionTokens();
  }

  public Map<String, Long> requestsByAgent() {
    return observations.requestsByAgent();
  }

  /** Total (prompt + completion) tokens per agent. */
  public Map<String, Long> tokensByAgent() {
    return observations.tokensByAgent();
  }

  /** Every finished API request, in the order they left the server. */
  public List<RequestRecord> requestLog() {
    return observations.log();
  }

  /** Clears the counters and the log; behaviour (usage, latency, hold, pending 429s) is kept. */
  public void reset() {
    observations.reset();
  }

  // ---- handling ----

  private void handle(HttpExchange ex) {
    try (ex) {
      String method = ex.getRequestMethod();
      String path = ex.getRequestURI().getPath();
      String api = path.startsWith("/v1/") ? path.substring(3) : path;
      if ("GET".equals(method) && "/stats".equals(path)) {
        writeJson(ex, 200, stats());
      } else if ("POST".equals(method) && ("/chat/completions".equals(api) || "/responses".equals(api))) {
        new ApiCall(this, ex, path, api.equals("/responses")).serve();
      } else {
        ex.getRequestBody().readAllBytes();
        writeJson(ex, 404, Replies.error("Unknown route " + method + " " + path, "invalid_request_error", null));
      }
    } catch (IOException | RuntimeException e) {
      // the client went away or the request was broken; nothing more to answer
    }
  }

  private ObjectNode stats() {
    ObjectNode s = Replies.JSON.createObjectNode();
    s.put("requests", requestCount());
    s.put("inFlight", inFlight());
    s.put("maxConcurrentInFlight", maxConcurrentInFlight());
    s.put("rateLimited", rateLimitedCount());
    s.put("promptTokens", totalPromptTokensSent());
    s.put("completionTokens", totalCompletionTokensSent());
    s.put("totalTokens", totalTokensSent());
    s.set("requestsByAgent", Replies.JSON.valueToTree(requestsByAgent()));
    s.set("tokensByAgent", Replies.JSON.valueToTree(tokensByAgent()));
    return s;
  }

  static void writeJson(HttpExchange ex, int status, JsonNode body) throws IOException {
    byte[] bytes = Replies.JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().set("content-type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  // ---- for ApiCall ----

  Observations observations() {
    return observations;
  }

  HoldGate gate() {
    return gate;
  }

  boolean take429() {
    return pending429s.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
  }

  int retryAfterSeconds() {
    return retryAfterSeconds;
  }

  long nextId() {
    return ids.incrementAndGet();
  }

  // ---- standalone ----

  /** {@code java -cp aiecs-governor-demo.jar ...FakeOpenAiServer [--port N] [--host H] [--latency-ms N]
   * [--prompt-tokens N] [--completion-tokens N]}; runs until killed. */
  public static void main(String[] args) throws InterruptedException {
    Builder b = builder();
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : "";
      switch (args[i]) {
        case "--port" -> b.port(Integer.parseInt(value));
        case "--host" -> b.host(value);
        case "--latency-ms" -> b.latency(Duration.ofMillis(Long.parseLong(value)));
        case "--prompt-tokens" -> b.promptTokens(Long.parseLong(value));
        case "--completion-tokens" -> b.completionTokens(Long.parseLong(value));
        default -> {
          System.err.println("unknown option " + args[i]
              + "; usage: [--port N] [--host H] [--latency-ms N] [--prompt-tokens N] [--completion-tokens N]");
          System.exit(2);
        }
      }
      i++;
    }
    FakeOpenAiServer server = b.build().start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }));
    System.out.println("fake OpenAI server listening at " + server.baseUrl()
        + " (stats: GET http://" + server.hostForUrl() + ":" + server.port() + "/stats)");
    stopped.await();
  }

  /** Settings of a {@link FakeOpenAiServer}. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port;
    private long promptTokens = 10;
    private long completionTokens = 20;
    private Duration latency = Duration.ZERO;

    private Builder() {}

    public Builder host(String host) { this.host = host; return this; }
    /** 0 (the default) picks a free ephemeral port. */
    public Builder port(int port) { this.port = port; return this; }
    public Builder promptTokens(long n) { this.promptTokens = n; return this; }
    public Builder completionTokens(long n) { this.completionTokens = n; return this; }
    public Builder latency(Duration latency) { this.latency = latency; return this; }

    public FakeOpenAiServer build() {
      return new FakeOpenAiServer(this);
    }
  }
}

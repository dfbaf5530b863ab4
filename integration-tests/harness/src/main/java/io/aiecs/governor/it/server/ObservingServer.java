package io.aiecs.governor.it.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An embedded fake provider (com.sun.net.httpserver) that is the tests' independent witness: it counts the
 * requests that really arrived, the most it had in flight at once and the usage it reported. Subclasses speak a
 * provider's wire format in {@link #answer}.
 */
public abstract class ObservingServer implements AutoCloseable {
  private final HttpServer http;
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "fake-provider");
    t.setDaemon(true);
    return t;
  });
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicLong input = new AtomicLong();
  private final AtomicLong output = new AtomicLong();
  private final AtomicLong total = new AtomicLong();
  private final List<String> paths = Collections.synchronizedList(new ArrayList<>());
  private volatile long latencyMillis;

  protected ObservingServer() {
    try {
      http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    http.setExecutor(pool);
    http.createContext("/", this::handle);
    http.start();
  }

  /** {@code http://127.0.0.1:<port>} */
  public String baseUrl() {
    return "http://127.0.0.1:" + http.getAddress().getPort();
  }

  /** How long each request is held before it is answered. */
  public void latency(Duration d) {
    latencyMillis = d.toMillis();
  }

  public int requestCount() {
    return requests.get();
  }

  public int maxConcurrentInFlight() {
    return maxInFlight.get();
  }

  /** Requests in flight now. */
  public int inFlight() {
    return inFlight.get();
  }

  /** The path and query of every request, in arrival order. */
  public List<String> paths() {
    synchronized (paths) {
      return List.copyOf(paths);
    }
  }

  public long inputTokensSent() {
    return input.get();
  }

  public long outputTokensSent() {
    return output.get();
  }

  public long totalTokensSent() {
    return total.get();
  }

  /** Everything reported so far. */
  public ServedUsage served() {
    return new ServedUsage(input.get(), output.get(), total.get());
  }

  /** Subclasses call this once per response with the usage it reports. */
  protected void reported(long in, long out, long sum) {
    input.addAndGet(in);
    output.addAndGet(out);
    total.addAndGet(sum);
  }

  /** Answers one request; {@code body} is the request body, already read. */
  protected abstract void answer(HttpExchange exchange, String pathAndQuery, byte[] body) throws IOException;

  private void handle(HttpExchange exchange) throws IOException {
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    requests.incrementAndGet();
    String target = exchange.getRequestURI().getRawPath()
        + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
    paths.add(target);
    try {
      byte[] body = exchange.getRequestBody().readAllBytes();
      hold(latencyMillis);
      answer(exchange, target, body);
    } catch (IOException | RuntimeException e) {
      // the client went away (a cancelled stream): nothing to answer
    } finally {
      inFlight.decrementAndGet();
      exchange.close();
    }
  }

  /** Server-side latency: this request's handler waits, nothing else does. */
  protected static void hold(long millis) {
    if (millis <= 0) {
      return;
    }
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  protected static void sendJson(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    http.stop(0);
    pool.shutdownNow();
  }
}

package io.aiecs.governor.it.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.aiecs.governor.it.server.ServedUsage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Anthropic Messages API on 127.0.0.1 ({@code POST /v1/messages}), JSON or, for {@code "stream": true}, server-sent
 * events ({@code message_start} with the input usage, content block events, {@code message_delta} with the running
 * output usage, {@code message_stop}). The witness of the tests: it counts requests, the most in flight at once (a
 * stream is in flight until its last event is written) and the usage it sent, and keeps the tool results the
 * client sends back. It limits nothing itself.
 *
 * <p>A request offering tools gets a {@code tool_use} answer (two calls of its first tool) until it carries tool
 * results; then a text answer. Request header {@code x-fake-hold-ms} holds a stream open after its first events
 * (e.g. for a client that abandons it).
 */
final class FakeAnthropicServer implements AutoCloseable {
  static final long INPUT_TOKENS = 40;
  static final long OUTPUT_TOKENS = 20;

  private final ObjectMapper json = new ObjectMapper();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final AtomicLong inputSent = new AtomicLong();
  private final AtomicLong outputSent = new AtomicLong();
  private final AtomicLong ids = new AtomicLong();
  private final List<JsonNode> toolResults = Collections.synchronizedList(new ArrayList<>());
  private final CountDownLatch closing = new CountDownLatch(1);
  private volatile long latencyMillis;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "fake-anthropic");
    t.setDaemon(true);
    return t;
  });

  FakeAnthropicServer() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(executor);
    server.createContext("/v1/messages", this::handle);
    server.start();
  }

  /** What {@code AnthropicOkHttpClient.builder().baseUrl(...)} takes. */
  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** How long each answer is held before its (last) part is written. */
  void latency(long millis) {
    this.latencyMillis = millis;
  }

  int requestCount() {
    return requests.get();
  }

  int maxConcurrentInFlight() {
    return maxInFlight.get();
  }

  long totalTokensSent() {
    return inputSent.get() + outputSent.get();
  }

  /** The usage of every answer completed so far (a stream's once its final delta went out). */
  ServedUsage served() {
    return new ServedUsage(inputSent.get(), outputSent.get(), totalTokensSent());
  }

  /** The {@code tool_result} blocks clients sent back, in arrival order. */
  List<JsonNode> toolResults() {
    synchronized (toolResults) {
      return List.copyOf(toolResults);
    }
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    requests.incrementAndGet();
    try (exchange) {
      JsonNode request = json.readTree(exchange.getRequestBody());
      boolean toolResultsSent = collectToolResults(request);
      boolean offerTools = request.path("tools").size() > 0 && !toolResultsSent;
      String toolName = offerTools ? request.path("tools").get(0).path("name").asText() : null;
      String hold = exchange.getRequestHeaders().getFirst("x-fake-hold-ms");
      if (request.path("stream").asBoolean(false)) {
        stream(exchange, request, toolName, hold == null ? 0 : Long.parseLong(hold));
      } else {
        pause(latencyMillis);
        byte[] body = json.writeValueAsBytes(message(request, toolName, INPUT_TOKENS, OUTPUT_TOKENS));
        exchange.getResponseHeaders().set("content-type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        sent();
      }
    } catch (IOException e) {
      // the client went away (a closed or abandoned stream)
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private boolean collectToolResults(JsonNode request) {
    boolean any = false;
    for (JsonNode message : request.path("messages")) {
      for (JsonNode block : message.path("content")) {
        if ("tool_result".equals(block.path("type").asText())) {
          toolResults.add(block);
          any = true;
        }
      }
    }
    return any;
  }

  private ObjectNode message(JsonNode request, String toolName, long input, long output) {
    ObjectNode m = json.createObjectNode();
    m.put("id", "msg_" + ids.incrementAndGet());
    m.put("type", "message");
    m.put("role", "assistant");
    m.put("model", request.path("model").asText("claude-test"));
    ArrayNode content = m.putArray("content");
    if (toolName == null) {
      content.addObject().put("type", "text").put("text", "Hello!");
      m.put("stop_reason", "end_turn");
    } else {
      for (int i = 0; i < 2; i++) {
        ObjectNode use = content.addObject().put("type", "tool_use").put("id", "toolu_" + ids.incrementAndGet())
            .put("name", toolName);
        use.putObject("input").put("city", "Paris");
      }
      m.put("stop_reason", "tool_use");
    }
    m.putNull("stop_sequence");
    m.putObject("usage").put("input_tokens", input).put("output_tokens", output);
    return m;
  }

  private void stream(HttpExchange exchange, JsonNode request, String toolName, long holdMillis) throws IOException {
    exchange.getResponseHeaders().set("content-type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    ObjectNode start = message(request, toolName, INPUT_TOKENS, 1);
    start.putArray("content");
    start.putNull("stop_reason");
    event(out, "message_start", json.createObjectNode().put("type", "message_start").set("message", start));
    ObjectNode blockStart = json.createObjectNode().put("type", "content_block_start").put("index", 0);
    blockStart.putObject("content_block").put("type", "text").put("text", "");
    event(out, "content_block_start", blockStart);
    ObjectNode delta = json.createObjectNode().put("type", "content_block_delta").put("index", 0);
    delta.putObject("delta").put("type", "text_delta").put("text", "Hel");
    event(out, "content_block_delta", delta);
    ObjectNode runningDelta = json.createObjectNode().put("type", "message_delta");
    runningDelta.putObject("delta").putNull("stop_reason").putNull("stop_sequence");
    runningDelta.putObject("usage").put("output_tokens", OUTPUT_TOKENS / 2);
    event(out, "message_delta", runningDelta);
    if (holdMillis > 0) {
      pauseUntilClosing(holdMillis);
    }
    pause(latencyMillis);
    ObjectNode delta2 = json.createObjectNode().put("type", "content_block_delta").put("index", 0);
    delta2.putObject("delta").put("type", "text_delta").put("text", "lo");
    event(out, "content_block_delta", delta2);
    event(out, "content_block_stop", json.createObjectNode().put("type", "content_block_stop").put("index", 0));
    ObjectNode end = json.createObjectNode().put("type", "message_delta");
    end.putObject("delta").put("stop_reason", "end_turn").putNull("stop_sequence");
    // cumulative, as the API reports it; newer API versions repeat the input here
    end.putObject("usage").put("input_tokens", INPUT_TOKENS).put("output_tokens", OUTPUT_TOKENS);
    event(out, "message_delta", end);
    event(out, "message_stop", json.createObjectNode().put("type", "message_stop"));
    sent();
  }

  private void sent() {
    inputSent.addAndGet(INPUT_TOKENS);
    outputSent.addAndGet(OUTPUT_TOKENS);
  }

  private void event(OutputStream out, String name, JsonNode data) throws IOException {
    out.write(("event: " + name + "\ndata: " + json.writeValueAsString(data) + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private void pause(long millis) {
    if (millis > 0) {
      pauseUntilClosing(millis);
    }
  }

  private void pauseUntilClosing(long millis) {
    try {
      closing.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package io.aiecs.governor.it.bedrock;

import com.sun.net.httpserver.HttpExchange;
import io.aiecs.governor.it.server.ObservingServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

/**
 * The Bedrock Runtime wire format: {@code POST /model/{modelId}/converse} and {@code /invoke} (JSON; the invoke
 * body is Anthropic Claude's Messages response, with or without Bedrock's token-count headers), and
 * {@code /converse-stream} (the AWS event-stream binary framing: messageStart, contentBlockDelta x3,
 * contentBlockStop, messageStop, metadata with usage), and {@code /invoke-with-response-stream} (event-stream
 * {@code chunk} events whose {@code bytes} are Claude's streamed JSON; the last one ends with Bedrock's
 * {@code amazon-bedrock-invocationMetrics}). A model id containing {@code fail} gets a stream that breaks after
 * its first chunk ({@code modelStreamErrorException}), one containing {@code no-metrics} a stream without the
 * invocation metrics. A model id containing {@code slow} gets a stream of either kind that goes on after its first
 * event (empty text deltas, Claude's pings) for 20 s, or until the client hangs up. With {@link #holdConverse} a
 * converse response is held, trickling whitespace. Either way the server sees when the client hangs up.
 */
final class FakeBedrockServer extends ObservingServer {
  static final int INPUT = 40;
  static final int OUTPUT = 20;
  static final int CACHE_READ = 8;
  static final int CONVERSE_TOTAL = INPUT + OUTPUT;
  /** Claude's input_tokens excludes the cache read, which is input too. */
  static final int INVOKE_INPUT = 30;
  static final int INVOKE_OUTPUT = 15;

  /**
   * Bedrock's invocation metrics of a streamed InvokeModel (a real server's agree with the model's own figures;
   * these differ from Claude's in the chunks so that a test tells which were charged).
   */
  static final int METRICS_INPUT = 70;
  static final int METRICS_OUTPUT = 25;

  private volatile boolean tokenCountHeaders;
  private volatile long holdConverseMillis;
  private final AtomicInteger closedWhileHeld = new AtomicInteger();
  private final List<String> appHeaders = Collections.synchronizedList(new ArrayList<>());

  /** The {@code x-app} header of each request that had one. */
  List<String> appHeaders() {
    synchronized (appHeaders) {
      return List.copyOf(appHeaders);
    }
  }

  /** Holds each converse response this long (at most), trickling whitespace until the client hangs up. */
  void holdConverse(Duration d) {
    holdConverseMillis = d.toMillis();
  }

  /** How many held responses and slow streams the client hung up on. */
  int closedWhileHeld() {
    return closedWhileHeld.get();
  }

  /** Adds Bedrock's X-Amzn-Bedrock-*-Token-Count headers to InvokeModel responses, with other figures than the body. */
  void tokenCountHeaders() {
    tokenCountHeaders = true;
  }

  @Override
  protected void answer(HttpExchange exchange, String target, byte[] body) throws IOException {
    String app = exchange.getRequestHeaders().getFirst("x-app");
    if (app != null) {
      appHeaders.add(app);
    }
    if (target.endsWith("/converse") && holdConverseMillis > 0) {
      trickle(exchange, holdConverseMillis);
    } else if (target.endsWith("/converse")) {
      reported(INPUT, OUTPUT, CONVERSE_TOTAL);
      sendJson(exchange, 200, "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"text\":\"Hello\"}]}},"
          + "\"stopReason\":\"end_turn\",\"usage\":{\"inputTokens\":" + INPUT + ",\"outputTokens\":" + OUTPUT
          + ",\"totalTokens\":" + CONVERSE_TOTAL + ",\"cacheReadInputTokens\":" + CACHE_READ + "},"
          + "\"metrics\":{\"latencyMs\":12}}");
    } else if (target.endsWith("/invoke")) {
      if (tokenCountHeaders) {
        exchange.getResponseHeaders().set("X-Amzn-Bedrock-Input-Token-Count", "111");
        exchange.getResponseHeaders().set("X-Amzn-Bedrock-Output-Token-Count", "22");
        reported(111, 22, 133);
      } else {
        reported(INVOKE_INPUT + CACHE_READ, INVOKE_OUTPUT, INVOKE_INPUT + CACHE_READ + INVOKE_OUTPUT);
      }
      sendJson(exchange, 200, "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
          + "\"content\":[{\"type\":\"text\",\"text\":\"Hello\"}],\"model\":\"claude-fake\",\"stop_reason\":\"end_turn\","
          + "\"usage\":{\"input_tokens\":" + INVOKE_INPUT + ",\"cache_read_input_tokens\":" + CACHE_READ
          + ",\"cache_creation_input_tokens\":0,\"output_tokens\":" + INVOKE_OUTPUT + "}}");
    } else if (target.endsWith("/converse-stream")) {
      stream(exchange, target.contains("slow"));
    } else if (target.endsWith("/invoke-with-response-stream")) {
      invokeStream(exchange, target.contains("fail"), !target.contains("no-metrics"), target.contains("slow"));
    } else {
      sendJson(exchange, 404, "{\"message\":\"no such operation\"}");
    }
  }

  private void stream(HttpExchange exchange, boolean slow) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/vnd.amazon.eventstream");
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = exchange.getResponseBody()) {
      event(out, "messageStart", "{\"role\":\"assistant\"}");
      if (slow) {
        keepSending(() -> event(out, "contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"\"}}"));
      }
      for (String piece : new String[] {"Hel", "lo", "!"}) {
        event(out, "contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"" + piece + "\"}}");
      }
      event(out, "contentBlockStop", "{\"contentBlockIndex\":0}");
      event(out, "messageStop", "{\"stopReason\":\"end_turn\"}");
      event(out, "metadata", "{\"usage\":{\"inputTokens\":" + INPUT + ",\"outputTokens\":" + OUTPUT
          + ",\"totalTokens\":" + CONVERSE_TOTAL + "},\"metrics\":{\"latencyMs\":7}}");
      reported(INPUT, OUTPUT, CONVERSE_TOTAL);
    }
  }

  private static void event(OutputStream out, String type, String json) throws IOException {
    Map<String, HeaderValue> headers = new LinkedHashMap<>();
    headers.put(":event-type", HeaderValue.fromString(type));
    headers.put(":content-type", HeaderValue.fromString("application/json"));
    headers.put(":message-type", HeaderValue.fromString("event"));
    encode(new Message(headers, json.getBytes(StandardCharsets.UTF_8)), out);
  }

  /**
   * Writes one frame. {@code Message.encode} wraps the write's {@code IOException} in a {@code RuntimeException}:
   * unwrapped here, so that a client's hang-up is seen as one.
   */
  private static void encode(Message message, OutputStream out) throws IOException {
    try {
      message.encode(out);
    } catch (RuntimeException e) {
      if (e.getCause() instanceof IOException hungUp) {
        throw hungUp;
      }
      throw e;
    }
    out.flush();
  }

  /** Claude's streamed events as InvokeModel chunks; see the class comment for the failing and metric-less forms. */
  private void invokeStream(HttpExchange exchange, boolean fail, boolean metrics, boolean slow) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/vnd.amazon.eventstream");
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = exchange.getResponseBody()) {
      chunk(out, "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
          + "\"role\":\"assistant\",\"content\":[],\"model\":\"claude-fake\",\"usage\":{\"input_tokens\":"
          + INVOKE_INPUT + ",\"cache_read_input_tokens\":" + CACHE_READ + ",\"output_tokens\":1}}}");
      if (slow) {
        keepSending(() -> chunk(out, "{\"type\":\"ping\"}"));
      }
      if (fail) {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":exception-type", HeaderValue.fromString("modelStreamErrorException"));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        headers.put(":message-type", HeaderValue.fromString("exception"));
        encode(new Message(headers, "{\"message\":\"the model failed mid-stream\",\"originalStatusCode\":500}"
            .getBytes(StandardCharsets.UTF_8)), out);
        return;
      }
      chunk(out, "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
      for (String piece : new String[] {"Hel", "lo", "!"}) {
        chunk(out, "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\""
            + piece + "\"}}");
      }
      chunk(out, "{\"type\":\"content_block_stop\",\"index\":0}");
      chunk(out, "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":"
          + INVOKE_OUTPUT + "}}");
      if (metrics) {
        chunk(out, "{\"type\":\"message_stop\",\"amazon-bedrock-invocationMetrics\":{\"inputTokenCount\":"
            + METRICS_INPUT + ",\"outputTokenCount\":" + METRICS_OUTPUT + ",\"invocationLatency\":120,"
            + "\"firstByteLatency\":40}}");
        reported(METRICS_INPUT, METRICS_OUTPUT, METRICS_INPUT + METRICS_OUTPUT);
      } else {
        chunk(out, "{\"type\":\"message_stop\"}");
        reported(INVOKE_INPUT + CACHE_READ, INVOKE_OUTPUT, INVOKE_INPUT + CACHE_READ + INVOKE_OUTPUT);
      }
    }
  }

  /** One frame a slow stream repeats. */
  @FunctionalInterface
  private interface Frame {
    void send() throws IOException;
  }

  /** A frame every 50 ms for 20 s, or until the client hangs up (counted in {@link #closedWhileHeld}). */
  private void keepSending(Frame frame) throws IOException {
    long until = System.nanoTime() + 20_000_000_000L;
    try {
      while (System.nanoTime() < until) {
        frame.send();
        hold(50);
      }
    } catch (IOException hungUp) {
      closedWhileHeld.incrementAndGet();
      throw hungUp;
    }
  }

  private static void chunk(OutputStream out, String modelJson) throws IOException {
    String bytes = Base64.getEncoder().encodeToString(modelJson.getBytes(StandardCharsets.UTF_8));
    event(out, "chunk", "{\"bytes\":\"" + bytes + "\"}");
  }

  /** A 200 whose JSON never comes: a space every 50 ms until the client hangs up or {@code millis} pass. */
  private void trickle(HttpExchange exchange, long millis) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    long until = System.nanoTime() + millis * 1_000_000;
    try {
      while (System.nanoTime() < until) {
        out.write(' ');
        out.flush();
        hold(50);
      }
    } catch (IOException hungUp) {
      closedWhileHeld.incrementAndGet();
      throw hungUp;
    }
    out.close();
  }
}

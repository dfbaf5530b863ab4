package io.aiecs.governor.it.bedrock;

import com.sun.net.httpserver.HttpExchange;
import io.aiecs.governor.it.server.ObservingServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

/**
 * The Bedrock Runtime wire format: {@code POST /model/{modelId}/converse} and {@code /invoke} (JSON; the invoke
 * body is Anthropic Claude's Messages response, with or without Bedrock's token-count headers), and
 * {@code /converse-stream} (the AWS event-stream binary framing: messageStart, contentBlockDelta x3,
 * contentBlockStop, messageStop, metadata with usage).
 */
final class FakeBedrockServer extends ObservingServer {
  static final int INPUT = 40;
  static final int OUTPUT = 20;
  static final int CACHE_READ = 8;
  static final int CONVERSE_TOTAL = INPUT + OUTPUT;
  /** Claude's input_tokens excludes the cache read, which is input too. */
  static final int INVOKE_INPUT = 30;
  static final int INVOKE_OUTPUT = 15;

  private volatile boolean tokenCountHeaders;

  /** Adds Bedrock's X-Amzn-Bedrock-*-Token-Count headers to InvokeModel responses, with other figures than the body. */
  void tokenCountHeaders() {
    tokenCountHeaders = true;
  }

  @Override
  protected void answer(HttpExchange exchange, String target, byte[] body) throws IOException {
    if (target.endsWith("/converse")) {
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
      stream(exchange);
    } else {
      sendJson(exchange, 404, "{\"message\":\"no such operation\"}");
    }
  }

  private void stream(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/vnd.amazon.eventstream");
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = exchange.getResponseBody()) {
      event(out, "messageStart", "{\"role\":\"assistant\"}");
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
    new Message(headers, json.getBytes(StandardCharsets.UTF_8)).encode(out);
    out.flush();
  }
}

package io.aiecs.governor.it.mcp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.json.JsonMapper;

/**
 * A minimal MCP server over the streamable HTTP transport (one endpoint, {@code /mcp}, JSON-RPC over POST,
 * answered as {@code application/json}): {@code initialize} (echoing the client's protocol version),
 * notifications (202), {@code tools/list}, and {@code tools/call} of any tool, answered with one text content.
 * It is the witness of which tool calls reached the wire.
 */
final class FakeMcpServer implements AutoCloseable {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpServer server;
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final List<String> toolCalls = new CopyOnWriteArrayList<>();
  private final AtomicInteger otherRequests = new AtomicInteger();

  FakeMcpServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/mcp", this::handle);
    server.setExecutor(pool);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The names of the tools called, in arrival order. */
  List<String> toolCalls() {
    return List.copyOf(toolCalls);
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }

  @SuppressWarnings("unchecked")
  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      if (!"POST".equals(ex.getRequestMethod())) {
        ex.getRequestBody().readAllBytes();
        // no server-initiated stream (GET), nothing to tear down (DELETE)
        ex.sendResponseHeaders("DELETE".equals(ex.getRequestMethod()) ? 200 : 405, -1);
        return;
      }
      Map<String, Object> message = JSON.readValue(ex.getRequestBody().readAllBytes(), Map.class);
      Object id = message.get("id");
      String method = (String) message.get("method");
      if (id == null || method == null) {
        ex.sendResponseHeaders(202, -1); // a notification, or the client's answer to a server request
        return;
      }
      Map<String, Object> params = (Map<String, Object>) message.getOrDefault("params", Map.of());
      Object result = switch (method) {
        case "initialize" -> Map.of(
            "protocolVersion", params.getOrDefault("protocolVersion", "2025-06-18"),
            "capabilities", Map.of("tools", Map.of()),
            "serverInfo", Map.of("name", "fake-mcp", "version", "1.0"));
        case "tools/call" -> {
          String name = String.valueOf(params.get("name"));
          toolCalls.add(name);
          yield Map.of("content", List.of(Map.of("type", "text", "text", "called " + name)), "isError", false);
        }
        case "tools/list" -> Map.of("tools", List.of());
        default -> {
          otherRequests.incrementAndGet();
          yield Map.of();
        }
      };
      byte[] body = JSON.writeValueAsBytes(Map.of("jsonrpc", "2.0", "id", id, "result", result));
      ex.getResponseHeaders().set("Content-Type", "application/json");
      if ("initialize".equals(method)) {
        ex.getResponseHeaders().set("Mcp-Session-Id", "fake-session");
      }
      ex.sendResponseHeaders(200, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    } catch (RuntimeException e) {
      byte[] msg = String.valueOf(e).getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(500, msg.length);
      ex.getResponseBody().write(msg);
    }
  }
}

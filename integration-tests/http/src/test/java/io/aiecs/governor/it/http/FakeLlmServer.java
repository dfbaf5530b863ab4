package io.aiecs.governor.it.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal Anthropic- and Gemini-shaped HTTP/1.1 server on raw sockets, so that it sees what the wire sees: how
 * many requests are in flight at once, the usage it sent, and whether a client closed the connection while a
 * request was held ({@code x-hold-ms}: the handler waits for the client's close, up to that long, before answering).
 * Anthropic: POST {@code /v1/messages} (JSON, or SSE with {@code "stream": true}), usage 25 input + 5 cache read +
 * 15 output. Gemini: POST {@code …:generateContent} (JSON) and {@code …:streamGenerateContent?alt=sse} (SSE), usage
 * 11 prompt + 6 candidates = 17. Every response closes its connection.
 */
final class FakeLlmServer implements AutoCloseable {
  static final long ANTHROPIC_TOKENS = 25 + 5 + 15;
  static final long GEMINI_TOKENS = 17;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ServerSocket socket;
  private final Thread acceptor;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong tokensSent = new AtomicLong();
  private final AtomicLong closedWhileHeld = new AtomicLong();

  FakeLlmServer() throws IOException {
    socket = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
    acceptor = new Thread(this::accept, "fake-llm-acceptor");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + socket.getLocalPort();
  }

  long requests() { return requests.get(); }
  int maxInFlight() { return maxInFlight.get(); }
  int inFlight() { return inFlight.get(); }
  long tokensSent() { return tokensSent.get(); }
  long closedWhileHeld() { return closedWhileHeld.get(); }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket s = socket.accept();
        Thread t = new Thread(() -> serve(s), "fake-llm");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
      String requestLine = line(in);
      Map<String, String> headers = new LinkedHashMap<>();
      for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
        int colon = h.indexOf(':');
        headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
      }
      int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
      JsonNode body = JSON.readTree(in.readNBytes(length));
      String target = requestLine.split(" ")[1];
      requests.incrementAndGet();
      int now = inFlight.incrementAndGet();
      maxInFlight.accumulateAndGet(now, Math::max);
      try {
        long hold = Long.parseLong(headers.getOrDefault("x-hold-ms", "0"));
        if (hold > 0 && clientClosedWithin(s, in, hold)) {
          closedWhileHeld.incrementAndGet();
          return;
        }
        long latency = Long.parseLong(headers.getOrDefault("x-latency-ms", "0"));
        if (latency > 0) {
          clientClosedWithin(s, in, latency);
        }
        if (target.contains("/v1/messages")) {
          anthropic(out, body.path("stream").asBoolean(false));
        } else if (target.contains(":streamGenerateContent")) {
          send(out, "text/event-stream", gemini("Hello", 11, 0, 11) + gemini(" there", 11, 6, 17), GEMINI_TOKENS);
        } else if (target.contains(":generateContent")) {
          send(out, "application/json", geminiJson("Hello there", 11, 6, 17), GEMINI_TOKENS);
        } else {
          send(out, "application/json", "{\"error\":\"not found\"}", 0);
        }
      } finally {
        inFlight.decrementAndGet();
      }
    } catch (IOException | RuntimeException e) {
      // the client went away
    }
  }

  /** Waits up to {@code millis} for the client to close the connection (a read that ends); true if it did. */
  private static boolean clientClosedWithin(Socket s, InputStream in, long millis) throws IOException {
    long deadline = System.nanoTime() + millis * 1_000_000;
    while (System.nanoTime() < deadline) {
      s.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      try {
        if (in.read() < 0) {
          return true;
        }
      } catch (SocketTimeoutException e) {
        return false;
      } catch (IOException e) {
        return true; // reset by the client
      }
    }
    return false;
  }

  private void anthropic(OutputStream out, boolean stream) throws IOException {
    String usageStart = "{\"input_tokens\":25,\"cache_read_input_tokens\":5,\"output_tokens\":1}";
    if (!stream) {
      send(out, "application/json", "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-test\","
          + "\"content\":[{\"type\":\"text\",\"text\":\"Hello there\"}],\"stop_reason\":\"end_turn\","
          + "\"usage\":{\"input_tokens\":25,\"cache_read_input_tokens\":5,\"output_tokens\":15}}", ANTHROPIC_TOKENS);
      return;
    }
    send(out, "text/event-stream",
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
            + "\"content\":[],\"usage\":" + usageStart + "}}\n\n"
            + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
            + "\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello there\"}}\n\n"
            + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
            + "\"usage\":{\"output_tokens\":15}}\n\n"
            + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n", ANTHROPIC_TOKENS);
  }

  private static String geminiJson(String text, int prompt, int candidates, int total) {
    return "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"" + text + "\"}]}}],"
        + "\"usageMetadata\":{\"promptTokenCount\":" + prompt
        + (candidates > 0 ? ",\"candidatesTokenCount\":" + candidates : "") + ",\"totalTokenCount\":" + total + "}}";
  }

  private static String gemini(String text, int prompt, int candidates, int total) {
    return "data: " + geminiJson(text, prompt, candidates, total) + "\r\n\r\n";
  }

  private void send(OutputStream out, String contentType, String body, long tokens) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String head = "HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nContent-Length: " + bytes.length
        + "\r\nConnection: close\r\n\r\n";
    out.write(head.getBytes(StandardCharsets.US_ASCII));
    out.write(bytes);
    out.flush();
    tokensSent.addAndGet(tokens);
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
      if (c != '\r') {
        b.write(c);
      }
    }
    return b.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}

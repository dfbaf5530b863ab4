package io.aiecs.governor.demo.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;

/**
 * A JSON response that starts at once and keeps the connection busy with whitespace until its body is ready: a
 * way to see, not guess, that the client closed the connection while it waited. See
 * {@link FakeOpenAiServer#TRICKLE_HEADER}.
 */
final class Trickle {
  private static final long TICK_MILLIS = 50;
  private static final byte[] SPACE = {' '};

  private final OutputStream out;

  Trickle(HttpExchange ex) throws IOException {
    ex.getResponseHeaders().set("content-type", "application/json");
    ex.sendResponseHeaders(200, 0); // chunked: each space is its own chunk on the wire
    this.out = ex.getResponseBody();
  }

  /** Writes a space every tick for {@code delay}; false as soon as a write fails (the client is gone). */
  boolean during(Duration delay) throws InterruptedException {
    long end = System.nanoTime() + delay.toNanos();
    while (System.nanoTime() - end < 0) {
      try {
        out.write(SPACE);
        out.flush();
      } catch (IOException e) {
        return false;
      }
      Thread.sleep(TICK_MILLIS);
    }
    return true;
  }

  void finish(JsonNode body) throws IOException {
    try (out) {
      out.write(Replies.JSON.writeValueAsBytes(body));
    }
  }
}

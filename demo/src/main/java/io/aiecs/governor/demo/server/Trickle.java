package io.aiecs.governor.demo.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;

/**
 * A response that starts at once and keeps the connection busy until its body is ready (a JSON body: whitespace,
 * which JSON allows before it; an event stream: comment lines, which SSE clients skip): a way to see, not guess,
 * that the client closed the connection while it waited. See {@link FakeOpenAiServer#TRICKLE_HEADER}.
 */
final class Trickle {
  private static final long TICK_MILLIS = 50;
  private static final byte[] SPACE = {' '};
  private static final byte[] SSE_COMMENT = {':', '\n'};

  private final OutputStream out;
  private final byte[] tick;

  /** {@code eventStream}: the body is server-sent events (a streamed answer), else JSON. */
  Trickle(HttpExchange ex, boolean eventStream) throws IOException {
    ex.getResponseHeaders().set("content-type", eventStream ? "text/event-stream" : "application/json");
    ex.sendResponseHeaders(200, 0); // chunked: each tick is its own chunk on the wire
    this.out = ex.getResponseBody();
    this.tick = eventStream ? SSE_COMMENT : SPACE;
  }

  /** The response body, its status and headers sent: where the events of a streamed answer go on. */
  OutputStream body() {
    return out;
  }

  /** Writes a space (or an SSE comment) every tick for {@code delay}; false as soon as a write fails (the client is gone). */
  boolean during(Duration delay) throws InterruptedException {
    long end = System.nanoTime() + delay.toNanos();
    while (System.nanoTime() - end < 0) {
      try {
        out.write(tick);
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

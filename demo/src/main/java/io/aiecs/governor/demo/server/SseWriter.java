package io.aiecs.governor.demo.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes one streamed answer as server-sent events: chat completion chunks, or Responses streaming events.
 * The call departs (its tokens counted, its time in flight over) just before the events that carry usage,
 * so a client that has seen the usage can read the server's counters without waiting.
 */
final class SseWriter {
  private final ApiCall call;
  private OutputStream out;

  SseWriter(ApiCall call) {
    this.call = call;
  }

  void chat(String id, long created, String text, Usage usage, boolean includeUsage) {
    String model = call.model();
    try {
      open();
      for (ObjectNode chunk : Replies.chatChunks(id, created, model, text, includeUsage)) {
        event(null, chunk);
      }
      call.depart(200, usage, false); // tokens count as produced whether or not the client asked to see them
      if (includeUsage) {
        event(null, Replies.chatUsageChunk(id, created, model, usage));
      }
      raw("data: [DONE]\n\n");
    } catch (IOException e) {
      closedEarly(usage);
    }
  }

  /** Responses streams: response.created, output_text deltas, response.completed (with usage); no [DONE]. */
  void responses(String id, String messageId, long created, JsonNode instructions, String text, Usage usage) {
    String model = call.model();
    int seq = 0;
    try {
      open();
      ObjectNode createdEvent = Replies.responseEvent("response.created", seq++);
      createdEvent.set("response",
          Replies.response(id, messageId, created, model, instructions, "in_progress", null, null));
      event("response.created", createdEvent);
      for (String piece : Replies.pieces(text)) {
        ObjectNode delta = Replies.responseEvent("response.output_text.delta", seq++);
        delta.put("item_id", messageId).put("output_index", 0).put("content_index", 0).put("delta", piece);
        delta.putArray("logprobs");
        event("response.output_text.delta", delta);
      }
      call.depart(200, usage, false);
      ObjectNode completed = Replies.responseEvent("response.completed", seq);
      completed.set("response",
          Replies.response(id, messageId, created, model, instructions, "completed", text, usage));
      event("response.completed", completed);
    } catch (IOException e) {
      closedEarly(usage);
    }
  }

  private void open() throws IOException {
    if (call.trickling() != null) {
      out = call.trickling().body(); // its status and headers are sent, as an event stream
      return;
    }
    HttpExchange ex = call.exchange();
    ex.getResponseHeaders().set("content-type", "text/event-stream");
    ex.getResponseHeaders().set("cache-control", "no-cache");
    ex.sendResponseHeaders(200, 0); // 0: chunked, length unknown
    out = ex.getResponseBody();
  }

  private void event(String name, JsonNode data) throws IOException {
    raw((name == null ? "" : "event: " + name + "\n") + "data: " + Replies.JSON.writeValueAsString(data) + "\n\n");
  }

  private void raw(String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.UTF_8));
    out.flush(); // each event leaves now: a real stream, not one buffered body
  }

  private void closedEarly(Usage usage) {
    if (call.departed()) {
      call.markClosedEarly();
    } else {
      call.depart(200, usage, true);
    }
  }
}

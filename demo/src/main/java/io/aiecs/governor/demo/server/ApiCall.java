package io.aiecs.governor.demo.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Duration;

/** One API request, from arrival to its last byte; owns that request's in-flight bookkeeping. */
final class ApiCall {
  private final FakeOpenAiServer server;
  private final HttpExchange ex;
  private final String path;
  private final boolean responsesApi;
  private final String agent;
  private final long arrival = System.nanoTime();
  private String model = "";
  private boolean stream;
  private RequestRecord record; // set once departed

  ApiCall(FakeOpenAiServer server, HttpExchange ex, String path, boolean responsesApi) {
    this.server = server;
    this.ex = ex;
    this.path = path;
    this.responsesApi = responsesApi;
    String header = ex.getRequestHeaders().getFirst(FakeOpenAiServer.AGENT_HEADER);
    this.agent = header == null || header.isBlank() ? FakeOpenAiServer.UNKNOWN_AGENT : header.trim();
    server.observations().arrived(agent);
  }

  /** Set when the response trickles ({@link FakeOpenAiServer#TRICKLE_HEADER}): its headers are sent already. */
  private Trickle trickling;

  void serve() {
    try {
      answer();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      // nothing more to answer; the finally block still ends the request's time in flight
    } finally {
      if (record == null) {
        depart(500, null, true);
      }
    }
  }

  private void answer() throws IOException, InterruptedException {
    JsonNode body;
    try {
      body = Replies.JSON.readTree(ex.getRequestBody());
    } catch (IOException e) {
      body = null;
    }
    if (body == null || !body.isObject()) {
      sendJson(400, Replies.error("Request body is not a JSON object", "invalid_request_error", null), null);
      return;
    }
    model = body.path("model").asText("");
    stream = body.path("stream").asBoolean(false);
    if (server.take429()) {
      int retryAfter = server.retryAfterSeconds();
      ex.getResponseHeaders().set("retry-after", Integer.toString(retryAfter));
      sendJson(429, Replies.error("Rate limit reached for " + model + " (fake server). Please try again in "
          + retryAfter + "s.", "requests", "rate_limit_exceeded"), null);
      return;
    }
    Usage usage;
    Duration delay;
    try {
      String u = ex.getRequestHeaders().getFirst(FakeOpenAiServer.USAGE_HEADER);
      usage = u == null ? server.usage() : Usage.parseHeader(u);
      String l = ex.getRequestHeaders().getFirst(FakeOpenAiServer.LATENCY_HEADER);
      delay = l == null ? server.latency() : Duration.ofMillis(Long.parseLong(l.trim()));
    } catch (IllegalArgumentException e) {
      sendJson(400, Replies.error(e.getMessage(), "invalid_request_error", null), null);
      return;
    }
    server.gate().pass();
    boolean trickle = ex.getRequestHeaders().containsKey(FakeOpenAiServer.TRICKLE_HEADER);
    if (trickle) {
      trickling = new Trickle(ex, stream);
      if (!trickling.during(delay)) {
        depart(499, usage, true); // the client hung up while it waited: seen, not assumed
        return;
      }
    } else if (!delay.isZero() && !delay.isNegative()) {
      Thread.sleep(delay.toMillis());
    }
    long n = server.nextId();
    long created = System.currentTimeMillis() / 1000;
    String text = "Fake answer #" + n + " from " + model + " to: " + abbreviate(Replies.lastUserText(body));
    if (responsesApi) {
      String id = "resp_fake" + n;
      String messageId = "msg_fake" + n;
      JsonNode instructions = body.get("instructions");
      if (stream) {
        new SseWriter(this).responses(id, messageId, created, instructions, text, usage);
      } else {
        sendJson(200, Replies.response(id, messageId, created, model, instructions, "completed", text, usage),
            usage);
      }
    } else {
      String id = "chatcmpl-fake" + n;
      if (stream) {
        boolean includeUsage = body.path("stream_options").path("include_usage").asBoolean(false);
        new SseWriter(this).chat(id, created, text, usage, includeUsage);
      } else {
        String toolCalls = ex.getRequestHeaders().getFirst(FakeOpenAiServer.TOOL_CALLS_HEADER);
        sendJson(200, toolCalls == null ? Replies.chatCompletion(id, created, model, text, usage)
            : Replies.toolCallingTurn(id, created, model, body, toolCalls, usage), usage);
      }
    }
  }

  /** Counts the response as produced and the request as no longer in flight; see Observations#departed. */
  void depart(int status, Usage usage, boolean closedEarly) {
    Usage u = usage == null ? new Usage(0, 0) : usage;
    record = new RequestRecord(path, agent, arrival, System.nanoTime(), model, status, stream,
        u.promptTokens(), u.completionTokens(), closedEarly);
    server.observations().departed(record);
  }

  boolean departed() {
    return record != null;
  }

  void markClosedEarly() {
    server.observations().clientClosedEarly(record);
  }

  /** The trickling response whose status and headers are sent already, or null. */
  Trickle trickling() {
    return trickling;
  }

  HttpExchange exchange() {
    return ex;
  }

  String model() {
    return model;
  }

  private void sendJson(int status, JsonNode body, Usage usage) {
    depart(status, usage, false);
    try {
      if (trickling != null) {
        trickling.finish(body);
      } else {
        FakeOpenAiServer.writeJson(ex, status, body);
      }
    } catch (IOException e) {
      markClosedEarly();
    }
  }

  private static String abbreviate(String s) {
    String oneLine = s.replaceAll("\\s+", " ").trim();
    return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 57) + "...";
  }
}

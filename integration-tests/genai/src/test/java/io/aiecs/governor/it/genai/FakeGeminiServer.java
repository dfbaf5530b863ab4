package io.aiecs.governor.it.genai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.aiecs.governor.it.server.ObservingServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Gemini API as google-genai speaks it: {@code POST /{version}/models/{model}:generateContent} (JSON) and
 * {@code :streamGenerateContent?alt=sse} (server-sent events, each chunk a {@code GenerateContentResponse} with
 * the running {@code usageMetadata}). With tools declared in the request it asks for a function call until the
 * conversation holds {@link #functionCallRounds} function responses (automatic function calling).
 */
final class FakeGeminiServer extends ObservingServer {
  static final int PROMPT = 40;
  static final int CANDIDATES = 20;
  static final int THOUGHTS = 5;
  static final int CACHED = 8;
  static final int TOTAL = PROMPT + CANDIDATES + THOUGHTS;
  static final int CHUNKS = 4;
  /**
   * Held streams stop after this chunk: the second, since google-genai 1.x's iterator reads one chunk ahead (its
   * {@code next()} returns the first chunk once the second has arrived).
   */
  static final int HELD_AFTER = 2;
  /** The total of the first chunk: what an application that read one chunk saw. */
  static final int FIRST_CHUNK_TOTAL = PROMPT + CANDIDATES / CHUNKS;

  private static final ObjectMapper JSON = new ObjectMapper();
  private volatile int functionCallRounds;
  private volatile boolean holdStreams;
  private final CountDownLatch releaseStreams = new CountDownLatch(1);
  private final AtomicInteger streamsCutShort = new AtomicInteger();
  private final AtomicInteger functionCallsAsked = new AtomicInteger();
  private final AtomicInteger refuseNext = new AtomicInteger();

  /** The next {@code n} requests get the API's 429 {@code RESOURCE_EXHAUSTED} (which google-genai retries). */
  void refuseNextWith429(int n) {
    refuseNext.set(n);
  }

  /** With tools in the request: ask for this many function calls, one per model call, before answering. */
  void functionCallRounds(int rounds) {
    functionCallRounds = rounds;
  }

  /** Streams send {@link #HELD_AFTER} chunks, then hold the rest until {@link #releaseStreams()} or the client leaves. */
  void holdStreams() {
    holdStreams = true;
  }

  void releaseStreams() {
    releaseStreams.countDown();
  }

  /** Streams whose client went away before the last chunk. */
  int streamsCutShort() {
    return streamsCutShort.get();
  }

  int functionCallsAsked() {
    return functionCallsAsked.get();
  }

  @Override
  protected void answer(HttpExchange exchange, String target, byte[] body) throws IOException {
    JsonNode request = JSON.readTree(body);
    if (refuseNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      sendJson(exchange, 429,
          "{\"error\":{\"code\":429,\"message\":\"Resource exhausted\",\"status\":\"RESOURCE_EXHAUSTED\"}}");
    } else if (target.contains(":streamGenerateContent")) {
      stream(exchange);
    } else if (target.contains(":generateContent")) {
      ObjectNode response = functionCallWanted(request) ? functionCall(request) : text("Hello from the fake Gemini");
      response.set("usageMetadata", usage(PROMPT, CANDIDATES, true));
      reported(PROMPT, CANDIDATES, TOTAL);
      sendJson(exchange, 200, JSON.writeValueAsString(response));
    } else {
      sendJson(exchange, 404, "{\"error\":{\"code\":404,\"message\":\"not found\",\"status\":\"NOT_FOUND\"}}");
    }
  }

  private boolean functionCallWanted(JsonNode request) {
    JsonNode tools = request.path("tools");
    if (!tools.isArray() || tools.isEmpty() || functionCallRounds == 0) {
      return false;
    }
    int responses = 0;
    for (JsonNode content : request.path("contents")) {
      for (JsonNode part : content.path("parts")) {
        if (part.has("functionResponse")) {
          responses++;
        }
      }
    }
    return responses < functionCallRounds;
  }

  /** A call of the first declared function, every declared parameter given the string "Paris". */
  private ObjectNode functionCall(JsonNode request) {
    functionCallsAsked.incrementAndGet();
    JsonNode declaration = request.path("tools").get(0).path("functionDeclarations").get(0);
    ObjectNode args = JSON.createObjectNode();
    JsonNode properties = declaration.path("parameters").path("properties");
    if (properties.isMissingNode() || properties.isEmpty()) {
      properties = declaration.path("parametersJsonSchema").path("properties");
    }
    for (Iterator<String> names = properties.fieldNames(); names.hasNext(); ) {
      args.put(names.next(), "Paris");
    }
    ObjectNode call = JSON.createObjectNode();
    call.put("name", declaration.path("name").asText());
    call.set("args", args);
    ObjectNode part = JSON.createObjectNode();
    part.set("functionCall", call);
    return candidate(part, "STOP");
  }

  private static ObjectNode text(String text) {
    ObjectNode part = JSON.createObjectNode();
    part.put("text", text);
    return candidate(part, "STOP");
  }

  private static ObjectNode candidate(ObjectNode part, String finishReason) {
    ObjectNode content = JSON.createObjectNode();
    content.put("role", "model");
    content.putArray("parts").add(part);
    ObjectNode candidate = JSON.createObjectNode();
    candidate.set("content", content);
    if (finishReason != null) {
      candidate.put("finishReason", finishReason);
    }
    candidate.put("index", 0);
    ObjectNode response = JSON.createObjectNode();
    ArrayNode candidates = response.putArray("candidates");
    candidates.add(candidate);
    response.put("modelVersion", "gemini-fake-001");
    response.put("responseId", "resp-1");
    return response;
  }

  private static ObjectNode usage(int prompt, int candidates, boolean last) {
    ObjectNode u = JSON.createObjectNode();
    u.put("promptTokenCount", prompt);
    u.put("candidatesTokenCount", candidates);
    u.put("cachedContentTokenCount", CACHED);
    if (last) {
      u.put("thoughtsTokenCount", THOUGHTS);
    }
    u.put("totalTokenCount", prompt + candidates + (last ? THOUGHTS : 0));
    return u;
  }

  /**
   * {@value #CHUNKS} chunks with running usage: after chunk i the candidates count is {@code CANDIDATES*i/CHUNKS};
   * the last chunk carries the final figures. What was reported is what the last chunk sent says.
   */
  private void stream(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    int sentCandidates = 0;
    boolean sentLast = false;
    try {
      for (int i = 1; i <= CHUNKS; i++) {
        boolean last = i == CHUNKS;
        int candidates = CANDIDATES * i / CHUNKS;
        ObjectNode chunk = text("part " + i + " ");
        if (!last) {
          ((ObjectNode) chunk.path("candidates").get(0)).remove("finishReason");
        }
        chunk.set("usageMetadata", usage(PROMPT, candidates, last));
        out.write(("data: " + JSON.writeValueAsString(chunk) + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        sentCandidates = candidates;
        sentLast = last;
        if (i == HELD_AFTER && holdStreams) {
          waitForReleaseOrDisconnect(out);
        }
      }
      out.close();
    } catch (IOException gone) {
      streamsCutShort.incrementAndGet();
      throw gone;
    } finally {
      reported(PROMPT, sentCandidates, PROMPT + sentCandidates + (sentLast ? THOUGHTS : 0));
    }
  }

  /** Keeps the connection open, pinging with SSE comments, until released or the client closes it. */
  private void waitForReleaseOrDisconnect(OutputStream out) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      try {
        if (releaseStreams.await(50, TimeUnit.MILLISECONDS)) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      out.write(": ping\r\n\r\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
    }
  }
}

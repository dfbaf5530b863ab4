package io.aiecs.governor.demo.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON bodies of the fake server, shaped like OpenAI's so that openai-java parses them with response
 * validation on. Fields the SDK requires (even when null) are marked; the rest mirror what OpenAI sends.
 */
final class Replies {
  static final ObjectMapper JSON = new ObjectMapper();

  private Replies() {}

  // ---- chat completions ----

  static ObjectNode chatCompletion(String id, long created, String model, String text, Usage usage) {
    ObjectNode root = chatEnvelope(id, "chat.completion", created, model);
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    message.put("content", text);
    message.putNull("refusal"); // required (nullable) by the SDK
    message.putArray("annotations");
    choice.putNull("logprobs"); // required (nullable)
    choice.put("finish_reason", "stop");
    root.set("usage", chatUsage(usage));
    return root;
  }

  /**
   * One turn of a tool-calling conversation ({@link FakeOpenAiServer#TOOL_CALLS_HEADER} {@code "<function>:<n>"}):
   * a call of the function (arguments {@code {}}) while fewer than {@code n} tool results are in the request,
   * then a text quoting every tool result.
   */
  static ObjectNode toolCallingTurn(String id, long created, String model, JsonNode body, String header,
                                    Usage usage) {
    int colon = header.lastIndexOf(':');
    String function = header.substring(0, colon).trim();
    int wanted = Integer.parseInt(header.substring(colon + 1).trim());
    List<String> results = new ArrayList<>();
    for (JsonNode message : body.path("messages")) {
      if ("tool".equals(message.path("role").asText())) {
        results.add(textOf(message.path("content")));
      }
    }
    if (results.size() >= wanted) {
      return chatCompletion(id, created, model, "tool results: " + String.join(" | ", results), usage);
    }
    ObjectNode root = chatCompletion(id, created, model, null, usage);
    ObjectNode choice = (ObjectNode) root.path("choices").get(0);
    ObjectNode call = ((ObjectNode) choice.get("message")).putArray("tool_calls").addObject();
    call.put("id", "call_fake" + id + "_" + results.size());
    call.put("type", "function");
    call.putObject("function").put("name", function).put("arguments", "{}");
    choice.put("finish_reason", "tool_calls");
    return root;
  }

  /** The chunks of a streamed chat completion, without the trailing usage chunk and {@code [DONE]}. */
  static List<ObjectNode> chatChunks(String id, long created, String model, String text, boolean includeUsage) {
    List<ObjectNode> chunks = new ArrayList<>();
    chunks.add(chunk(id, created, model, includeUsage, d -> d.put("role", "assistant").put("content", ""), null));
    for (String piece : pieces(text)) {
      chunks.add(chunk(id, created, model, includeUsage, d -> d.put("content", piece), null));
    }
    chunks.add(chunk(id, created, model, includeUsage, d -> { }, "stop"));
    return chunks;
  }

  /** The final chunk {@code stream_options.include_usage} asks for: no choices, only usage. */
  static ObjectNode chatUsageChunk(String id, long created, String model, Usage usage) {
    ObjectNode root = chatEnvelope(id, "chat.completion.chunk", created, model);
    root.putArray("choices");
    root.set("usage", chatUsage(usage));
    return root;
  }

  private static ObjectNode chunk(String id, long created, String model, boolean includeUsage,
      java.util.function.Consumer<ObjectNode> delta, String finishReason) {
    ObjectNode root = chatEnvelope(id, "chat.completion.chunk", created, model);
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0);
    delta.accept(choice.putObject("delta"));
    choice.putNull("logprobs");
    if (finishReason == null) {
      choice.putNull("finish_reason"); // required (nullable) on every chunk
    } else {
      choice.put("finish_reason", finishReason);
    }
    if (includeUsage) {
      root.putNull("usage"); // OpenAI sends usage:null on content chunks when include_usage is on
    }
    return root;
  }

  private static ObjectNode chatEnvelope(String id, String object, long created, String model) {
    ObjectNode root = JSON.createObjectNode();
    root.put("id", id);
    root.put("object", object);
    root.put("created", created);
    root.put("model", model);
    root.put("service_tier", "default");
    root.put("system_fingerprint", "fp_fake");
    return root;
  }

  private static ObjectNode chatUsage(Usage usage) {
    ObjectNode u = JSON.createObjectNode();
    u.put("prompt_tokens", usage.promptTokens());
    u.put("completion_tokens", usage.completionTokens());
    u.put("total_tokens", usage.totalTokens());
    u.putObject("prompt_tokens_details").put("cached_tokens", 0).put("audio_tokens", 0);
    u.putObject("completion_tokens_details").put("reasoning_tokens", 0).put("audio_tokens", 0)
        .put("accepted_prediction_tokens", 0).put("rejected_prediction_tokens", 0);
    return u;
  }

  // ---- responses ----

  /**
   * A Responses API {@code response}. openai-java 4.101.0 requires id, created_at, model, object, output,
   * parallel_tool_calls, tool_choice, tools, and the nullable error, incomplete_details, instructions,
   * metadata, temperature, top_p; the rest is what OpenAI sends along.
   */
  static ObjectNode response(String id, String messageId, long createdAt, String model, JsonNode instructions,
      String status, String text, Usage usage) {
    ObjectNode root = JSON.createObjectNode();
    root.put("id", id);
    root.put("object", "response");
    root.put("created_at", createdAt);
    root.put("status", status);
    root.put("background", false);
    root.putNull("error");
    root.putNull("incomplete_details");
    root.set("instructions", instructions == null || instructions.isMissingNode() ? null : instructions);
    root.putNull("max_output_tokens");
    root.put("model", model);
    ArrayNode output = root.putArray("output");
    if (text != null) {
      ObjectNode message = output.addObject();
      message.put("type", "message");
      message.put("id", messageId);
      message.put("status", "completed");
      message.put("role", "assistant");
      ObjectNode part = message.putArray("content").addObject();
      part.put("type", "output_text");
      part.put("text", text);
      part.putArray("annotations");
      part.putArray("logprobs");
    }
    root.put("parallel_tool_calls", true);
    root.putNull("previous_response_id");
    root.putObject("reasoning").putNull("effort").putNull("summary");
    root.put("service_tier", "default");
    root.put("store", true);
    root.put("temperature", 1.0);
    root.putObject("text").putObject("format").put("type", "text");
    root.put("tool_choice", "auto");
    root.putArray("tools");
    root.put("top_p", 1.0);
    root.put("truncation", "disabled");
    if (usage == null) {
      root.putNull("usage");
    } else {
      ObjectNode u = root.putObject("usage");
      u.put("input_tokens", usage.promptTokens());
      // cache_write_tokens is required by openai-java 4.101.0's validation, though older servers omit it
      u.putObject("input_tokens_details").put("cached_tokens", 0).put("cache_write_tokens", 0);
      u.put("output_tokens", usage.completionTokens());
      u.putObject("output_tokens_details").put("reasoning_tokens", 0);
      u.put("total_tokens", usage.totalTokens());
    }
    root.putNull("user");
    root.putObject("metadata");
    return root;
  }

  /** One Responses streaming event; {@code sequence_number} is required on every event. */
  static ObjectNode responseEvent(String type, int sequence) {
    ObjectNode event = JSON.createObjectNode();
    event.put("type", type);
    event.put("sequence_number", sequence);
    return event;
  }

  // ---- errors ----

  static ObjectNode error(String message, String type, String code) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode error = root.putObject("error");
    error.put("message", message);
    error.put("type", type);
    error.putNull("param");
    if (code == null) {
      error.putNull("code");
    } else {
      error.put("code", code);
    }
    return root;
  }

  // ---- request helpers ----

  /** The text of the last user message (chat {@code messages}) or of the Responses {@code input}. */
  static String lastUserText(JsonNode body) {
    JsonNode items = body.has("messages") ? body.get("messages") : body.path("input");
    if (items.isTextual()) {
      return items.asText();
    }
    String last = "";
    for (JsonNode item : items) {
      if (!item.has("role") || "user".equals(item.path("role").asText())) {
        last = textOf(item.path("content"));
      }
    }
    return last;
  }

  private static String textOf(JsonNode content) {
    if (content.isTextual()) {
      return content.asText();
    }
    StringBuilder sb = new StringBuilder();
    for (JsonNode part : content) {
      if (part.has("text")) {
        sb.append(part.get("text").asText());
      }
    }
    return sb.toString();
  }

  /** Splits a text into word-sized stream deltas, keeping the spaces so the deltas concatenate back to it. */
  static List<String> pieces(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 1; i <= text.length(); i++) {
      if (i == text.length() || text.charAt(i) == ' ') {
        out.add(text.substring(start, i));
        start = i;
      }
    }
    return out;
  }
}

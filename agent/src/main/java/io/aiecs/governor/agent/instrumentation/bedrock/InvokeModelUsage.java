package io.aiecs.governor.agent.instrumentation.bedrock;

import io.aiecs.governor.agent.runtime.StreamingCall;
import io.aiecs.governor.agent.usage.PropertyPath;
import io.aiecs.governor.agent.usage.UsageShape.UsageSink;
import java.lang.reflect.Method;
import java.util.Optional;

/**
 * The usage of an {@code InvokeModelResponse}, whose body is the model provider's own JSON. First the token-count
 * headers Bedrock adds to every InvokeModel response whatever the model ({@code X-Amzn-Bedrock-Input-Token-Count},
 * {@code X-Amzn-Bedrock-Output-Token-Count}); without them, the body, parsed with the SDK's own JSON parser
 * ({@code software.amazon.awssdk.protocols.jsoncore.JsonNode}, from the response's class loader), in these shapes:
 * <ul>
 *   <li>Anthropic Claude (Messages API): {@code usage.input_tokens}, {@code output_tokens},
 *       {@code cache_read_input_tokens}, {@code cache_creation_input_tokens} (input is all three input
 *       figures: Anthropic's {@code input_tokens} excludes the cached parts);</li>
 *   <li>Amazon Nova: {@code usage.inputTokens}, {@code outputTokens}, {@code totalTokens},
 *       {@code cacheReadInputTokenCount};</li>
 *   <li>OpenAI-compatible models (e.g. gpt-oss): {@code usage.prompt_tokens}, {@code completion_tokens},
 *       {@code total_tokens};</li>
 *   <li>Meta Llama: {@code prompt_token_count}, {@code generation_token_count}.</li>
 * </ul>
 * Other bodies (Titan, Cohere, Mistral, AI21, embeddings) are charged from the headers only.
 */
final class InvokeModelUsage {
  static final String INPUT_HEADER = "X-Amzn-Bedrock-Input-Token-Count";
  static final String OUTPUT_HEADER = "X-Amzn-Bedrock-Output-Token-Count";
  private static final long ABSENT = PropertyPath.ABSENT;

  private InvokeModelUsage() {}

  static boolean read(Object response, UsageSink sink) {
    try {
      return fromHeaders(response, sink) || fromBody(response, sink);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return false; // another SDK version or an unreadable body: nothing charged, the call goes on
    }
  }

  private static boolean fromHeaders(Object response, UsageSink sink) throws ReflectiveOperationException {
    Object http = Reflect.publicMethod(response.getClass(), "sdkHttpResponse").invoke(response);
    if (http == null) {
      return false;
    }
    Method header = Reflect.publicMethod(http.getClass(), "firstMatchingHeader", String.class);
    long input = number(header.invoke(http, INPUT_HEADER));
    long output = number(header.invoke(http, OUTPUT_HEADER));
    if (input == ABSENT && output == ABSENT) {
      return false;
    }
    sink.usage(input, output, ABSENT, ABSENT, ABSENT);
    return true;
  }

  private static long number(Object optionalText) {
    Object text = optionalText instanceof Optional<?> o ? o.orElse(null) : optionalText;
    if (text == null) {
      return ABSENT;
    }
    try {
      return Long.parseLong(text.toString().trim());
    } catch (NumberFormatException e) {
      return ABSENT;
    }
  }

  private static boolean fromBody(Object response, UsageSink sink) throws ReflectiveOperationException {
    Object bytes = Reflect.publicMethod(response.getClass(), "body").invoke(response);
    if (bytes == null) {
      return false;
    }
    Json json = Json.of(response.getClass());
    return fromModelJson(json, json.parse(utf8(bytes)), sink);
  }

  private static String utf8(Object sdkBytes) throws ReflectiveOperationException {
    return (String) Reflect.publicMethod(sdkBytes.getClass(), "asUtf8String").invoke(sdkBytes);
  }

  /**
   * One chunk of {@code invokeModelWithResponseStream} (a {@code PayloadPart}: {@code bytes()} is a piece of the
   * model's own streamed JSON): its usage goes to {@code call} (Bedrock's
   * {@code amazon-bedrock-invocationMetrics} that end the last chunk, else the model's own figures, e.g. Claude's
   * {@code message_start} and {@code message_delta}; the call keeps the largest figure per field), and its text
   * to the estimate used when none comes. Other events (errors are delivered as exceptions) are ignored.
   */
  static void chunk(Object event, StreamingCall call) {
    try {
      Object bytes = Reflect.publicMethod(event.getClass(), "bytes").invoke(event);
      if (bytes == null) {
        return;
      }
      Json json = Json.of(event.getClass());
      Object root = json.parse(utf8(bytes));
      long in = json.number(root, METRICS, "inputTokenCount");
      long out = json.number(root, METRICS, "outputTokenCount");
      if (in != ABSENT || out != ABSENT) {
        call.usage(in, out, ABSENT, json.number(root, METRICS, "cacheReadInputTokenCount"), ABSENT);
      }
      if (!fromModelJson(json, root, call::usage)) {
        Object message = json.node(root, "message"); // Claude's message_start: {"message":{"usage":{...}}}
        if (message != null) {
          fromModelJson(json, message, call::usage);
        }
      }
      String text = streamedText(json, root);
      if (text != null) {
        call.text(text);
      }
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      // another SDK version, or not JSON: nothing read from this chunk, the stream goes on
    }
  }

  private static final String METRICS = "amazon-bedrock-invocationMetrics";

  /** Where the models put a streamed piece of text: Claude, Nova, OpenAI-compatible, Llama, Titan, Mistral, Cohere. */
  private static final Object[][] TEXT_PATHS = {
      {"delta", "text"}, {"contentBlockDelta", "delta", "text"}, {"choices", 0, "delta", "content"},
      {"generation"}, {"outputText"}, {"completion"}, {"outputs", 0, "text"}, {"choices", 0, "text"}, {"text"}};

  private static String streamedText(Json json, Object root) throws ReflectiveOperationException {
    for (Object[] path : TEXT_PATHS) {
      String text = json.string(root, path);
      if (text != null) {
        return text;
      }
    }
    return null;
  }

  /** A model's own usage figures in its response (or streamed chunk) JSON; false when none of the shapes fits. */
  private static boolean fromModelJson(Json json, Object root, UsageSink sink) throws ReflectiveOperationException {
    // Anthropic Claude
    long in = json.number(root, "usage", "input_tokens");
    long out = json.number(root, "usage", "output_tokens");
    if (in != ABSENT || out != ABSENT) {
      long cacheRead = json.number(root, "usage", "cache_read_input_tokens");
      long cacheWrite = json.number(root, "usage", "cache_creation_input_tokens");
      long input = Math.max(0, in) + Math.max(0, cacheRead) + Math.max(0, cacheWrite);
      sink.usage(input, out, ABSENT, cacheRead, ABSENT);
      return true;
    }
    // Amazon Nova
    in = json.number(root, "usage", "inputTokens");
    out = json.number(root, "usage", "outputTokens");
    if (in != ABSENT || out != ABSENT) {
      sink.usage(in, out, json.number(root, "usage", "totalTokens"),
          json.number(root, "usage", "cacheReadInputTokenCount"), ABSENT);
      return true;
    }
    // OpenAI-compatible
    in = json.number(root, "usage", "prompt_tokens");
    out = json.number(root, "usage", "completion_tokens");
    if (in != ABSENT || out != ABSENT) {
      sink.usage(in, out, json.number(root, "usage", "total_tokens"), ABSENT, ABSENT);
      return true;
    }
    // Meta Llama
    in = json.number(root, "prompt_token_count");
    out = json.number(root, "generation_token_count");
    if (in != ABSENT || out != ABSENT) {
      sink.usage(in, out, ABSENT, ABSENT, ABSENT);
      return true;
    }
    return false;
  }

  /**
   * The SDK's JSON tree, reached reflectively: {@code JsonNode.parser().parse(text)}, {@code field(name)},
   * {@code index(i)}; looked up once per class of the object read (response or event).
   */
  private record Json(Object parser, Method parse, Method field, Method index, Method isNumber, Method asNumber,
                      Method isString, Method asString) {
    private static final String NODE = "software.amazon.awssdk.protocols.jsoncore.JsonNode";
    private static final ClassValue<Json> BY_CLASS = new ClassValue<>() {
      @Override
      protected Json computeValue(Class<?> type) {
        try {
          Class<?> node = Class.forName(NODE, false, type.getClassLoader());
          Object parser = node.getMethod("parser").invoke(null);
          return new Json(parser, Reflect.publicMethod(parser.getClass(), "parse", String.class),
              node.getMethod("field", String.class), node.getMethod("index", int.class), node.getMethod("isNumber"),
              node.getMethod("asNumber"), node.getMethod("isString"), node.getMethod("asString"));
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      }
    };

    static Json of(Class<?> type) {
      return BY_CLASS.get(type);
    }

    Object parse(String text) throws ReflectiveOperationException {
      return parse.invoke(parser, text);
    }

    /** The node at {@code path} (field names, and {@link Integer} array indexes) below {@code root}, or null. */
    Object node(Object root, Object... path) throws ReflectiveOperationException {
      Object node = root;
      for (Object step : path) {
        Object next = step instanceof Integer i ? index.invoke(node, i) : field.invoke(node, step);
        if (!(next instanceof Optional<?> o) || o.isEmpty()) {
          return null;
        }
        node = o.get();
      }
      return node;
    }

    /** The number at {@code path} below {@code root}, or {@link PropertyPath#ABSENT}. */
    long number(Object root, Object... path) throws ReflectiveOperationException {
      Object node = node(root, path);
      if (node == null || !Boolean.TRUE.equals(isNumber.invoke(node))) {
        return ABSENT;
      }
      try {
        return (long) Double.parseDouble((String) asNumber.invoke(node));
      } catch (NumberFormatException e) {
        return ABSENT;
      }
    }

    /** The string at {@code path} below {@code root}, or null. */
    String string(Object root, Object... path) throws ReflectiveOperationException {
      Object node = node(root, path);
      return node != null && Boolean.TRUE.equals(isString.invoke(node)) ? (String) asString.invoke(node) : null;
    }
  }
}

package io.aiecs.governor.agent.instrumentation.bedrock;

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
    String body = (String) Reflect.publicMethod(bytes.getClass(), "asUtf8String").invoke(bytes);
    Json json = Json.of(response.getClass().getClassLoader());
    Object root = json.parse(body);
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

  /** The SDK's JSON tree, reached reflectively: {@code JsonNode.parser().parse(text)}, {@code field(name)}. */
  private record Json(Object parser, Method parse, Method field, Method isNumber, Method asNumber) {
    private static final String NODE = "software.amazon.awssdk.protocols.jsoncore.JsonNode";

    static Json of(ClassLoader loader) throws ReflectiveOperationException {
      Class<?> node = Class.forName(NODE, false, loader);
      Object parser = node.getMethod("parser").invoke(null);
      return new Json(parser, Reflect.publicMethod(parser.getClass(), "parse", String.class),
          node.getMethod("field", String.class), node.getMethod("isNumber"), node.getMethod("asNumber"));
    }

    Object parse(String text) throws ReflectiveOperationException {
      return parse.invoke(parser, text);
    }

    /** The number at {@code path} below {@code root}, or {@link PropertyPath#ABSENT}. */
    long number(Object root, String... path) throws ReflectiveOperationException {
      Object node = root;
      for (String name : path) {
        Object next = field.invoke(node, name);
        if (!(next instanceof Optional<?> o) || o.isEmpty()) {
          return ABSENT;
        }
        node = o.get();
      }
      if (!Boolean.TRUE.equals(isNumber.invoke(node))) {
        return ABSENT;
      }
      try {
        return (long) Double.parseDouble((String) asNumber.invoke(node));
      } catch (NumberFormatException e) {
        return ABSENT;
      }
    }
  }
}

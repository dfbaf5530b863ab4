package io.aiecs.governor.it.springai.hosts;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.tool.ToolCallback;

/**
 * Builds spring-ai-openai's {@code OpenAiChatModel} against a base URL, in the way of the version on the class
 * path (the same host runs against Spring AI 2.x, on openai-java, and 1.x, on Spring's own {@code OpenAiApi}):
 * no retries, a fixed model, usage asked for in streams.
 */
final class ChatModels {
  private ChatModels() {}

  static ChatModel openAi(String baseUrl) throws ReflectiveOperationException {
    return openAi(baseUrl, Map.of());
  }

  /** With request headers in its default options. */
  static ChatModel openAi(String baseUrl, Map<String, String> headers) throws ReflectiveOperationException {
    Class<?> modelType = Class.forName("org.springframework.ai.openai.OpenAiChatModel");
    Class<?> optionsType = Class.forName("org.springframework.ai.openai.OpenAiChatOptions");
    Object options = call(optionsType.getMethod("builder").invoke(null), "model", String.class, "gpt-4o-mini");
    if (!headers.isEmpty()) { // 2.x: customHeaders, 1.x: httpHeaders
      call(options, legacyApi() == null ? "customHeaders" : "httpHeaders", Map.class, headers);
    }
    Object builder = modelType.getMethod("builder").invoke(null);
    Class<?> legacyApi = legacyApi();
    if (legacyApi == null) { // 2.x: the options carry the connection; openai-java underneath
      call(options, "baseUrl", String.class, baseUrl + "/v1");
      call(options, "apiKey", String.class, "test-key");
      call(options, "maxRetries", Integer.class, 0);
      builder = call(builder, "options", optionsType, build(options));
    } else { // 1.x: an OpenAiApi (RestClient / WebClient) and default options
      call(options, "streamUsage", boolean.class, true);
      Object api = call(call(legacyApi.getMethod("builder").invoke(null), "baseUrl", String.class, baseUrl),
          "apiKey", String.class, "test-key");
      builder = call(builder, "openAiApi", legacyApi, build(api));
      builder = call(builder, "defaultOptions", optionsType, build(options));
      Object retry = Class.forName("org.springframework.ai.retry.RetryUtils").getField("SHORT_RETRY_TEMPLATE").get(null);
      builder = call(builder, "retryTemplate", Class.forName("org.springframework.retry.support.RetryTemplate"), retry);
    }
    return (ChatModel) build(builder);
  }

  /** The model's own options (a prompt's options must be, on 2.x) carrying {@code tools}. */
  static ChatOptions toolOptions(List<ToolCallback> tools) throws ReflectiveOperationException {
    Class<?> optionsType = Class.forName("org.springframework.ai.openai.OpenAiChatOptions");
    Object options = call(optionsType.getMethod("builder").invoke(null), "model", String.class, "gpt-4o-mini");
    return (ChatOptions) build(call(options, "toolCallbacks", List.class, tools));
  }

  private static Class<?> legacyApi() {
    try {
      return Class.forName("org.springframework.ai.openai.api.OpenAiApi");
    } catch (ClassNotFoundException e) {
      return null;
    }
  }

  private static Object call(Object target, String name, Class<?> type, Object value) throws ReflectiveOperationException {
    Method m = target.getClass().getMethod(name, type);
    Object r = m.invoke(target, value);
    return r == null ? target : r;
  }

  private static Object build(Object builder) throws ReflectiveOperationException {
    return builder.getClass().getMethod("build").invoke(builder);
  }
}

package io.aiecs.governor.bench.hosts;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;

/** What every benchmark host does: an ordinary openai-java client asking a chat completion, plain or streamed. */
final class Chat {
  private static final ChatCompletionCreateParams PLAIN = ChatCompletionCreateParams.builder()
      .model(ChatModel.GPT_4O_MINI).addUserMessage("Say hello").build();
  private static final ChatCompletionCreateParams STREAMED = PLAIN.toBuilder()
      .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();

  private Chat() {}

  static OpenAIClient client(String baseUrl) {
    return OpenAIOkHttpClient.builder().baseUrl(baseUrl).apiKey("bench-key").maxRetries(0).build();
  }

  /** One call; returns the total tokens the response reported, so that the work cannot be skipped. */
  static long call(OpenAIClient client, boolean stream) {
    if (!stream) {
      return client.chat().completions().create(PLAIN).usage().map(u -> u.totalTokens()).orElse(-1L);
    }
    long total = -1;
    try (StreamResponse<ChatCompletionChunk> chunks = client.chat().completions().createStreaming(STREAMED)) {
      var it = chunks.stream().iterator();
      while (it.hasNext()) {
        ChatCompletionChunk chunk = it.next();
        if (chunk.usage().isPresent()) {
          total = chunk.usage().get().totalTokens();
        }
      }
    }
    return total;
  }
}

package io.aiecs.governor.it.hosts;

import com.openai.client.OpenAIClient;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.responses.ResponseStreamEvent;
import io.aiecs.governor.Governor;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The streaming calls of {@link OpenAiHost}, as an application writes them. Each returns the total tokens the
 * stream reported (0 when it reported none).
 *
 * <ul>
 *   <li>{@code stream-chat}: blocking chat stream with {@code include_usage}, read to the end, closed;</li>
 *   <li>{@code stream-chat-nousage}: the same without asking for usage (the governor estimates);</li>
 *   <li>{@code stream-chat-async}: async chat stream with a handler, awaited;</li>
 *   <li>{@code stream-responses}, {@code stream-responses-async}: the Responses API streams;</li>
 *   <li>{@code stream-chat-close-early}: one chunk read, then closed;</li>
 *   <li>{@code stream-chat-abandon}: one chunk read, then dropped without closing; the host then collects
 *   garbage until the governor has its permit back (at most ~10 s).</li>
 * </ul>
 */
final class OpenAiStreams {
  private OpenAiStreams() {}

  static long call(OpenAIClient client, String api) {
    return switch (api) {
      case "stream-chat" -> blockingChat(client, withUsage());
      case "stream-chat-nousage" -> blockingChat(client, OpenAiHost.chatParams());
      case "stream-chat-async" -> asyncChat(client);
      case "stream-responses" -> blockingResponses(client);
      case "stream-responses-async" -> asyncResponses(client);
      case "stream-chat-close-early" -> closeEarly(client);
      case "stream-chat-abandon" -> abandon(client);
      default -> throw new IllegalArgumentException(api);
    };
  }

  private static ChatCompletionCreateParams withUsage() {
    return OpenAiHost.chatParams().toBuilder()
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
  }

  private static long blockingChat(OpenAIClient client, ChatCompletionCreateParams params) {
    try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(params)) {
      return s.stream().mapToLong(OpenAiStreams::tokens).sum();
    }
  }

  private static long asyncChat(OpenAIClient client) {
    AtomicLong tokens = new AtomicLong();
    AsyncStreamResponse<ChatCompletionChunk> s = client.async().chat().completions().createStreaming(withUsage());
    s.subscribe(chunk -> tokens.addAndGet(tokens(chunk))).onCompleteFuture().join();
    return tokens.get();
  }

  private static long blockingResponses(OpenAIClient client) {
    try (StreamResponse<ResponseStreamEvent> s = client.responses().createStreaming(OpenAiHost.responseParams())) {
      return s.stream().mapToLong(OpenAiStreams::tokens).sum();
    }
  }

  private static long asyncResponses(OpenAIClient client) {
    AtomicLong tokens = new AtomicLong();
    AsyncStreamResponse<ResponseStreamEvent> s = client.async().responses().createStreaming(OpenAiHost.responseParams());
    s.subscribe(event -> tokens.addAndGet(tokens(event))).onCompleteFuture().join();
    return tokens.get();
  }

  private static long closeEarly(OpenAIClient client) {
    StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(withUsage());
    s.stream().iterator().next();
    s.close();
    return 0;
  }

  private static long abandon(OpenAIClient client) {
    readOneChunkAndDrop(client);
    try {
      for (int i = 0; i < 100; i++) {
        System.gc();
        if (Governor.awaitResources(Governor.currentAgentId(), Duration.ofMillis(100))) {
          return 0;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new IllegalStateException("the abandoned stream's permit never came back");
  }

  private static void readOneChunkAndDrop(OpenAIClient client) {
    Iterator<ChatCompletionChunk> chunks = client.chat().completions().createStreaming(withUsage()).stream().iterator();
    chunks.next();
  }

  private static long tokens(ChatCompletionChunk chunk) {
    return chunk.usage().map(u -> u.totalTokens()).orElse(0L);
  }

  private static long tokens(ResponseStreamEvent event) {
    return event.completed().flatMap(c -> c.response().usage()).map(u -> u.totalTokens()).orElse(0L);
  }
}

package io.aiecs.governor.demo.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** openai-java 4.101.0, with strict response validation, parses everything the fake server answers. */
class FakeOpenAiServerSdkTest {
  private FakeOpenAiServer server;
  private OpenAIClient client;

  @BeforeEach
  void start() {
    server = FakeOpenAiServer.builder().promptTokens(11).completionTokens(7).build().start();
    client = OpenAIOkHttpClient.builder()
        .baseUrl(server.baseUrl())
        .apiKey("test-key")
        .responseValidation(true) // fail on any required field the fake leaves out
        .maxRetries(0)
        .build();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  private static ChatCompletionCreateParams.Builder chat(String agent) {
    return ChatCompletionCreateParams.builder()
        .model("gpt-4o-mini")
        .addUserMessage("Say hello")
        .putAdditionalHeader(FakeOpenAiServer.AGENT_HEADER, agent);
  }

  private static ResponseCreateParams.Builder responses(String agent) {
    return ResponseCreateParams.builder()
        .model("gpt-4o-mini")
        .instructions("Be brief")
        .input("Summarize this")
        .putAdditionalHeader(FakeOpenAiServer.AGENT_HEADER, agent);
  }

  @Test
  void chatCompletionParsesWithConfiguredUsage() {
    ChatCompletion completion = client.chat().completions().create(chat("a").build());

    assertThat(completion.model()).isEqualTo("gpt-4o-mini");
    assertThat(completion.choices()).hasSize(1);
    assertThat(completion.choices().get(0).message().content()).get().asString().contains("Say hello");
    assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
    var usage = completion.usage().orElseThrow();
    assertThat(usage.promptTokens()).isEqualTo(11);
    assertThat(usage.completionTokens()).isEqualTo(7);
    assertThat(usage.totalTokens()).isEqualTo(18);
    assertThat(usage.promptTokensDetails().orElseThrow().cachedTokens()).contains(0L);
    assertThat(usage.completionTokensDetails().orElseThrow().reasoningTokens()).contains(0L);
    assertThat(server.totalTokensSent()).isEqualTo(18);
  }

  @Test
  void usageHeaderOverridesTheDefaultForOneRequest() {
    ChatCompletion completion = client.chat().completions()
        .create(chat("a").putAdditionalHeader(FakeOpenAiServer.USAGE_HEADER, "1500,1000").build());
    Response response = client.responses()
        .create(responses("b").putAdditionalHeader(FakeOpenAiServer.USAGE_HEADER, "40,2").build());
    ChatCompletion plain = client.chat().completions().create(chat("a").build());

    assertThat(completion.usage().orElseThrow().totalTokens()).isEqualTo(2500);
    assertThat(response.usage().orElseThrow().inputTokens()).isEqualTo(40);
    assertThat(response.usage().orElseThrow().outputTokens()).isEqualTo(2);
    assertThat(plain.usage().orElseThrow().totalTokens()).isEqualTo(18);
    assertThat(server.totalPromptTokensSent()).isEqualTo(1500 + 40 + 11);
    assertThat(server.totalCompletionTokensSent()).isEqualTo(1000 + 2 + 7);
  }

  @Test
  void responsesObjectParsesWithConfiguredUsage() {
    Response response = client.responses().create(responses("a").build());

    assertThat(response.id()).startsWith("resp_");
    assertThat(response.status()).contains(com.openai.models.responses.ResponseStatus.COMPLETED);
    assertThat(response.output()).hasSize(1);
    var message = response.output().get(0).asMessage();
    assertThat(message.content().get(0).asOutputText().text()).contains("Summarize this");
    var usage = response.usage().orElseThrow();
    assertThat(usage.inputTokens()).isEqualTo(11);
    assertThat(usage.outputTokens()).isEqualTo(7);
    assertThat(usage.totalTokens()).isEqualTo(18);
    assertThat(usage.inputTokensDetails().cachedTokens()).isZero();
    assertThat(usage.outputTokensDetails().reasoningTokens()).isZero();
    assertThat(server.requestLog()).singleElement()
        .satisfies(r -> assertThat(r.path()).isEqualTo("/v1/responses"));
  }

  @Test
  void streamedChatCompletionEndsWithAUsageChunk() {
    ChatCompletionCreateParams params = chat("streamer")
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
        .build();
    List<ChatCompletionChunk> chunks;
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
      chunks = stream.stream().collect(Collectors.toList());
    }

    assertThat(chunks).hasSizeGreaterThan(3);
    String text = chunks.stream()
        .flatMap(c -> c.choices().stream())
        .map(c -> c.delta().content().orElse(""))
        .collect(Collectors.joining());
    assertThat(text).contains("Say hello");
    ChatCompletionChunk last = chunks.get(chunks.size() - 1);
    assertThat(last.choices()).isEmpty();
    assertThat(last.usage().orElseThrow().totalTokens()).isEqualTo(18);
    assertThat(chunks.subList(0, chunks.size() - 1)).allSatisfy(c -> assertThat(c.usage()).isEmpty());
    assertThat(server.requestLog()).singleElement().satisfies(r -> assertThat(r.stream()).isTrue());
    assertThat(server.tokensByAgent()).containsEntry("streamer", 18L);
  }

  @Test
  void streamedResponseEndsWithCompletedEventCarryingUsage() {
    List<ResponseStreamEvent> events;
    try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(responses("s").build())) {
      events = stream.stream().collect(Collectors.toList());
    }

    assertThat(events.get(0).isCreated()).isTrue();
    String text = events.stream().filter(ResponseStreamEvent::isOutputTextDelta)
        .map(e -> e.asOutputTextDelta().delta()).collect(Collectors.joining());
    assertThat(text).contains("Summarize this");
    ResponseStreamEvent last = events.get(events.size() - 1);
    assertThat(last.isCompleted()).isTrue();
    assertThat(last.asCompleted().response().usage().orElseThrow().totalTokens()).isEqualTo(18);
  }

  @Test
  void rateLimitModeAnswers429WithRetryAfter() {
    server.failNextWith429(1, 7);

    assertThatThrownBy(() -> client.chat().completions().create(chat("limited").build()))
        .isInstanceOfSatisfying(RateLimitException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(429);
          assertThat(e.headers().values("retry-after")).containsExactly("7");
          assertThat(e.code()).contains("rate_limit_exceeded");
        });
    // only the next n requests fail
    assertThat(client.chat().completions().create(chat("limited").build()).choices()).hasSize(1);
    assertThat(server.rateLimitedCount()).isEqualTo(1);
    assertThat(server.requestsByAgent()).containsEntry("limited", 2L);
    assertThat(server.tokensByAgent()).containsEntry("limited", 18L);
    assertThat(server.requestLog()).extracting(RequestRecord::status).containsExactly(429, 200);
  }

  @Test
  void attributesRequestsAndTokensByAgentHeader() {
    for (int i = 0; i < 3; i++) {
      client.chat().completions().create(chat("research").build());
    }
    client.responses().create(responses("summarizer").putAdditionalHeader(FakeOpenAiServer.USAGE_HEADER, "100,50")
        .build());
    client.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("gpt-4o-mini").addUserMessage("no header").build());

    assertThat(server.requestCount()).isEqualTo(5);
    assertThat(server.requestsByAgent())
        .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("research", 3L, "summarizer", 1L, "unknown", 1L));
    assertThat(server.tokensByAgent())
        .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("research", 54L, "summarizer", 150L, "unknown", 18L));
    assertThat(server.requestLog()).extracting(RequestRecord::agent)
        .containsExactly("research", "research", "research", "summarizer", "unknown");

    server.reset();
    assertThat(server.requestCount()).isZero();
    assertThat(server.requestsByAgent()).isEmpty();
    assertThat(server.requestLog()).isEmpty();
  }

  @Test
  void statsEndpointReportsTheCounters() throws Exception {
    client.chat().completions().create(chat("research").build());

    HttpResponse<String> stats = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/stats")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(stats.statusCode()).isEqualTo(200);
    JsonNode json = Replies.JSON.readTree(stats.body());
    assertThat(json.path("requests").asLong()).isEqualTo(1);
    assertThat(json.path("totalTokens").asLong()).isEqualTo(18);
    assertThat(json.path("tokensByAgent").path("research").asLong()).isEqualTo(18);
  }

  @Test
  void malformedBodiesAndUnknownRoutesGetOpenAiErrors() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/chat/completions"))
        .POST(HttpRequest.BodyPublishers.ofString("not json")).build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/embeddings"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(Replies.JSON.readTree(bad.body()).path("error").path("type").asText())
        .isEqualTo("invalid_request_error");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(server.inFlight()).isZero();
  }
}

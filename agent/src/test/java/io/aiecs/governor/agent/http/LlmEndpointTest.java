package io.aiecs.governor.agent.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** LLM calls are recognised by method and path only; everything else is left alone. */
class LlmEndpointTest {
  @Test
  void recognisesEachApiByMethodAndPath() {
    assertThat(LlmEndpoint.of("POST", "/v1/chat/completions")).isEqualTo(LlmEndpoint.OPENAI_CHAT);
    assertThat(LlmEndpoint.of("POST", "/openai/deployments/gpt/chat/completions")).isEqualTo(LlmEndpoint.OPENAI_CHAT);
    assertThat(LlmEndpoint.of("POST", "/v1/responses")).isEqualTo(LlmEndpoint.OPENAI_RESPONSES);
    assertThat(LlmEndpoint.of("POST", "/v1/messages")).isEqualTo(LlmEndpoint.ANTHROPIC_MESSAGES);
    assertThat(LlmEndpoint.of("POST", "/v1beta/models/gemini-2.0-flash:generateContent"))
        .isEqualTo(LlmEndpoint.GEMINI_GENERATE);
    assertThat(LlmEndpoint.of("POST",
        "/v1/projects/p/locations/us/publishers/google/models/gemini-2.5-pro:streamGenerateContent"))
        .isEqualTo(LlmEndpoint.GEMINI_GENERATE);
  }

  @Test
  void leavesEverythingElseAlone() {
    assertThat(LlmEndpoint.of("POST", "/v1/messages/count_tokens")).isNull();
    assertThat(LlmEndpoint.of("GET", "/v1/chat/completions")).isNull();
    assertThat(LlmEndpoint.of("GET", "/v1/models")).isNull();
    assertThat(LlmEndpoint.of("POST", "/v1/responses/resp_1/cancel")).isNull();
    assertThat(LlmEndpoint.of("POST", "/mcp")).isNull();
    assertThat(LlmEndpoint.of("POST", "/v1/embeddings")).isNull();
    assertThat(LlmEndpoint.of("POST", null)).isNull();
    assertThat(LlmEndpoint.of("POST", "/v1/models/gemini:countTokens")).isNull();
  }

  @Test
  void modelAndStreamComeFromTheRequestJsonOrGeminisPath() {
    byte[] body = "{\"messages\":[{\"role\":\"user\",\"content\":\"model stream\"}],\"model\":\"gpt-4o-mini\",\"stream\":true}"
        .getBytes(StandardCharsets.UTF_8);
    LlmRequest chat = LlmRequest.of("POST", "/v1/chat/completions", body);
    assertThat(chat.model()).isEqualTo("gpt-4o-mini");
    assertThat(chat.stream()).isTrue();
    assertThat(chat.provider()).isEqualTo("openai");
    assertThat(chat.toString()).isEqualTo(new String(body, StandardCharsets.UTF_8));

    LlmRequest nested = LlmRequest.of("POST", "/v1/messages",
        "{\"metadata\":{\"model\":\"x\",\"stream\":true},\"model\":\"claude-sonnet-4\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(nested.model()).isEqualTo("claude-sonnet-4");
    assertThat(nested.stream()).isFalse();

    LlmRequest gemini = LlmRequest.of("POST", "/v1beta/models/gemini-2.0-flash:streamGenerateContent", null);
    assertThat(gemini.model()).isEqualTo("gemini-2.0-flash");
    assertThat(gemini.stream()).isTrue();
    assertThat(LlmRequest.of("GET", "/v1/models", null)).isNull();
  }
}

package io.aiecs.governor.agent.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Usage read from each provider's JSON and SSE bodies, however the bytes are split. */
class UsageTeeTest {
  private static RecordingCall read(String body, boolean sse) {
    RecordingCall whole = new RecordingCall();
    UsageTee tee = new UsageTee(whole, sse);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    tee.write(bytes, 0, bytes.length);
    tee.end();
    // the same body one byte at a time: every split point gives the same figures
    RecordingCall split = new RecordingCall();
    UsageTee byByte = new UsageTee(split, sse);
    for (byte b : bytes) {
      byByte.write(b);
    }
    byByte.end();
    assertThat(split).usingRecursiveComparison().isEqualTo(whole);
    assertThat(whole.completed).isEqualTo(1);
    return whole;
  }

  @Test
  void openAiChatCompletion() {
    RecordingCall c = read("""
        {"id":"x","choices":[{"message":{"role":"assistant","content":"Hi \\"there\\" \\u00e9"}}],
         "usage":{"prompt_tokens":40,"completion_tokens":20,"total_tokens":60,
           "prompt_tokens_details":{"cached_tokens":8},"completion_tokens_details":{"reasoning_tokens":5}}}""", false);
    assertThat(new long[] {c.input, c.output, c.total, c.cached, c.reasoning}).containsExactly(40, 20, 60, 8, 5);
  }

  @Test
  void openAiChatStreamWithIncludeUsage() {
    RecordingCall c = read("""
        data: {"choices":[{"delta":{"content":"Hel"}}],"usage":null}

        data: {"choices":[{"delta":{"content":"lo"}}],"usage":null}

        data: {"choices":[],"usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15}}

        data: [DONE]

        """, true);
    assertThat(new long[] {c.input, c.output, c.total}).containsExactly(12, 3, 15);
    assertThat(c.textChars).isEqualTo(5);
  }

  @Test
  void openAiChatStreamWithoutUsageCountsTheStreamedTextForTheEstimate() {
    RecordingCall c = read("data: {\"choices\":[{\"delta\":{\"content\":\"Hello world\"}}]}\r\n\r\n"
        + "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\r\n\r\ndata: [DONE]\r\n\r\n", true);
    assertThat(c.input).isEqualTo(-1);
    assertThat(c.total).isEqualTo(-1);
    assertThat(c.textChars).isEqualTo(11);
  }

  @Test
  void responsesApiBodyAndStream() {
    RecordingCall json = read("""
        {"object":"response","output":[{"content":[{"type":"output_text","text":"ok"}]}],
         "usage":{"input_tokens":30,"input_tokens_details":{"cached_tokens":4},"output_tokens":9,
           "output_tokens_details":{"reasoning_tokens":2},"total_tokens":39}}""", false);
    assertThat(new long[] {json.input, json.output, json.total, json.cached, json.reasoning})
        .containsExactly(30, 9, 39, 4, 2);

    RecordingCall sse = read("""
        event: response.created
        data: {"type":"response.created","response":{"usage":null}}

        event: response.output_text.delta
        data: {"type":"response.output_text.delta","delta":"ok"}

        event: response.completed
        data: {"type":"response.completed","response":{"status":"completed",
        data:  "usage":{"input_tokens":30,"output_tokens":9,"total_tokens":39}}}

        """, true);
    assertThat(new long[] {sse.input, sse.output, sse.total}).containsExactly(30, 9, 39);
  }

  @Test
  void anthropicMessageAndStreamRunningTotals() {
    RecordingCall json = read("""
        {"type":"message","content":[{"type":"text","text":"Hi"}],
         "usage":{"input_tokens":25,"cache_creation_input_tokens":10,"cache_read_input_tokens":5,"output_tokens":7}}""",
        false);
    assertThat(new long[] {json.input, json.output, json.total, json.cached}).containsExactly(40, 7, -1, 5);

    RecordingCall sse = read("""
        event: message_start
        data: {"type":"message_start","message":{"id":"m","content":[],"usage":{"input_tokens":25,"output_tokens":1}}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}

        event: message_delta
        data: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":15}}

        event: message_stop
        data: {"type":"message_stop"}

        """, true);
    assertThat(new long[] {sse.input, sse.output, sse.total}).containsExactly(25, 15, -1);
  }

  @Test
  void geminiBodySseAndJsonArrayStream() {
    String chunk1 = "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hi\"}]}}],"
        + "\"usageMetadata\":{\"promptTokenCount\":11,\"totalTokenCount\":11}}";
    String chunk2 = "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\" there\"}]}}],"
        + "\"usageMetadata\":{\"promptTokenCount\":11,\"candidatesTokenCount\":6,\"totalTokenCount\":20,"
        + "\"cachedContentTokenCount\":2,\"thoughtsTokenCount\":3}}";
    RecordingCall json = read(chunk2, false);
    assertThat(new long[] {json.input, json.output, json.total, json.cached, json.reasoning})
        .containsExactly(11, 6, 20, 2, 3);
    RecordingCall sse = read("data: " + chunk1 + "\n\ndata: " + chunk2 + "\n\n", true);
    assertThat(new long[] {sse.input, sse.output, sse.total}).containsExactly(11, 6, 20);
    assertThat(sse.textChars).isEqualTo(8);
    RecordingCall array = read("[" + chunk1 + ",\n" + chunk2 + "]", false);
    assertThat(new long[] {array.input, array.output, array.total}).containsExactly(11, 6, 20);
  }

  @Test
  void usageIsReadWhereverItStandsAmongTheMembers() {
    RecordingCall c = read("""
        {"usage":{"input_tokens":40,"input_tokens_details":{"cached_tokens":0},"output_tokens":20,"total_tokens":60},
         "user":null,"metadata":{},"text":{"format":{"type":"text"}}}""", false);
    assertThat(new long[] {c.input, c.output, c.total}).containsExactly(40, 20, 60);
    RecordingCall sse = read("""
        data: {"type":"response.completed","response":{"usage":{"input_tokens":40,"output_tokens":20,
        data: "total_tokens":60},"metadata":{}}}

        """, true);
    assertThat(new long[] {sse.input, sse.output, sse.total}).containsExactly(40, 20, 60);
  }

  @Test
  void usageOutsideTheKnownPlacesIsNotCharged() {
    RecordingCall c = read("""
        {"choices":[{"message":{"tool_calls":[{"function":{"arguments":"{}"}}]}}],
         "metadata":{"usage":{"prompt_tokens":999}},"data":{"usage":{"total_tokens":999}}}""", false);
    assertThat(c.input).isEqualTo(-1);
    assertThat(c.total).isEqualTo(-1);
  }

  @Test
  void byteBuffersAreReadWithoutMovingThem() {
    RecordingCall c = new RecordingCall();
    UsageTee tee = new UsageTee(c, false);
    byte[] json = "{\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4}}".getBytes(StandardCharsets.UTF_8);
    ByteBuffer heap = ByteBuffer.wrap(json, 0, 20);
    ByteBuffer direct = ByteBuffer.allocateDirect(json.length - 20).put(json, 20, json.length - 20).flip();
    tee.write(heap);
    tee.write(direct);
    tee.end();
    assertThat(heap.position()).isZero();
    assertThat(direct.position()).isZero();
    assertThat(new long[] {c.input, c.output}).containsExactly(3, 4);
  }

  @Test
  void eventStreamIsTheContentTypeOrTheRequestsWishWhenTheResponseNamesNone() {
    assertThat(UsageTee.isEventStream("text/event-stream; charset=utf-8", false)).isTrue();
    assertThat(UsageTee.isEventStream("application/json", true)).isFalse();
    assertThat(UsageTee.isEventStream(null, true)).isTrue();
    assertThat(UsageTee.isEventStream(null, false)).isFalse();
  }
}

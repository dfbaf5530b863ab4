package io.aiecs.governor.it.genai;

import static io.aiecs.governor.it.genai.FakeGeminiServer.TOTAL;
import static org.assertj.core.api.Assertions.assertThat;

import io.aiecs.governor.it.HostProcess;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * google-genai retries a 429 itself, inside its OkHttp client (an interceptor that sleeps and sends again, on
 * the caller's thread for a sync call, on OkHttp's dispatcher for an async one). The retried request is part of
 * the same logical call: admitted once and charged once, also with the HTTP fallback watching OkHttp below it.
 */
class GenAiRetryIT extends GeminiServerTest {

  @ParameterizedTest
  @ValueSource(strings = {"sync", "async", "stream", "async-stream"})
  void aCallTheSdkRetriesIsAdmittedAndChargedOnce(String api) throws Exception {
    server.refuseNextWith429(1);
    HostProcess h = genAiHost("api=" + api, "threads=1", "calls=2", "retryDelaySeconds=0.05")
        .governor("max-concurrent-tasks", 1)
        .governor("instrumentation.http-fallback.enabled", true)
        .run();

    assertThat(h.count("OK")).isEqualTo(2);
    assertThat(server.requestCount()).as("the 429, its retry and the second call").isEqualTo(3);
    assertThat(server.totalTokensSent()).as("usage only in the two answers").isEqualTo(2L * TOTAL);
    h.assertChargedOnceAndReleased("default", 2, server.served());
  }
}

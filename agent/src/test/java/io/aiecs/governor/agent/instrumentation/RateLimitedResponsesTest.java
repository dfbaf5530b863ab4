package io.aiecs.governor.agent.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiecs.governor.Limit;
import io.aiecs.governor.ResourceLimitExceededException;
import io.aiecs.governor.agent.instrumentation.fakehttp.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimitedResponsesTest {
  private static final String HTTP = "io.aiecs.governor.agent.instrumentation.fakehttp";

  @Test
  void aRefusalBecomesTheSdksOwn429WithItsRetryAfter() throws Exception {
    var decision = new ResourceLimitExceededException("default", Limit.TOKENS_PER_MINUTE, Duration.ofMillis(1_250),
        "tokens \"spent\"");
    Object response = RateLimitedResponses.create(this, HTTP, decision, "{\"error\":"
        + RateLimitedResponses.jsonString(decision.getMessage()) + "}");

    assertThat(response).isInstanceOf(HttpResponse.class);
    HttpResponse r = (HttpResponse) response;
    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(r.headers().values("Retry-After-Ms")).containsExactly("1250");
    assertThat(r.headers().values("retry-after")).containsExactly("2");
    String body = new String(r.body().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(body).startsWith("{\"error\":\"").contains("\\\"spent\\\"").endsWith("\"}");
    assertThat(new String(r.body().readAllBytes(), StandardCharsets.UTF_8)).as("read again").isEqualTo(body);
    assertThat(r.requestId()).as("the interface's default method").contains("from-the-default-method");
    r.close();
    assertThat(r.toString()).contains("429");
  }

  @Test
  void aRefusalWithoutAKnownRetryAfterSaysOneSecondAndNoMillis() {
    var decision = new ResourceLimitExceededException("default", Limit.CONCURRENT_TASKS, Duration.ZERO, "busy");
    HttpResponse r = (HttpResponse) RateLimitedResponses.create(this, HTTP, decision, "{}");
    assertThat(r.headers().values("retry-after")).containsExactly("1");
    assertThat(r.headers().values("retry-after-ms")).isEmpty();
  }

  @Test
  void anSdkWithoutTheseTypesGetsNothing() {
    var decision = new ResourceLimitExceededException("default", Limit.CONCURRENT_TASKS, Duration.ZERO, "busy");
    assertThat(RateLimitedResponses.create(this, "com.example.absent", decision, "{}")).isNull();
    assertThat(RateLimitedResponses.create(null, HTTP, decision, "{}")).isNull();
  }
}

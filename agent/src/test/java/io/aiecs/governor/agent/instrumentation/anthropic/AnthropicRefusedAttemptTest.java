package io.aiecs.governor.agent.instrumentation.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiecs.governor.Limit;
import io.aiecs.governor.ResourceLimitExceededException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** anthropic-java sleeps any retry-after it is given, so a long one is not handed to its retry loop. */
class AnthropicRefusedAttemptTest {
  @Test
  void aRetryAfterOverAMinuteIsNotAnsweredWithA429ButLeftToTheSdksException() {
    var hourly = new ResourceLimitExceededException("default", Limit.TOKENS_PER_HOUR, Duration.ofMinutes(40), "spent");
    assertThat(AnthropicRateLimitException.refusedAttempt(new Object(), hourly)).isNull();
  }
}

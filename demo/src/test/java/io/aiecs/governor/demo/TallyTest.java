package io.aiecs.governor.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiecs.governor.Limit;
import io.aiecs.governor.ResourceLimitExceededException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TallyTest {
  private static ResourceLimitExceededException rejection() {
    return new ResourceLimitExceededException("chatty", Limit.TOKENS_PER_MINUTE, Duration.ofSeconds(3), null);
  }

  @Test
  void governorRefusalsCountAsRejectedEvenWhenWrapped() {
    Tally tally = new Tally();
    tally.failed(rejection());
    tally.failed(new RuntimeException("wrapped by a client library", rejection()));
    tally.failed(new IllegalStateException("something else"));

    assertThat(tally.rejected()).isEqualTo(2);
    assertThat(tally.failedCount()).isEqualTo(1);
    assertThat(tally.byException())
        .containsEntry("ResourceLimitExceededException", 2L)
        .containsEntry("IllegalStateException", 1L);
    assertThat(tally.firstRejection()).contains("max-tokens-per-minute");
    assertThat(tally.firstFailure()).contains("something else");
  }
}

package io.aiecs.governor.agent.instrumentation.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OkHttpDeadlineModuleTest {
  /** Shaped like okio.Timeout. */
  public static class Timeout {
    long deadline;

    public Timeout deadlineNanoTime(long deadlineNanoTime) {
      this.deadline = deadlineNanoTime;
      return this;
    }
  }

  /** Shaped like OkHttp's RealCall, whose timeout is an anonymous subclass of okio's AsyncTimeout. */
  public static class Call {
    final Timeout timeout = new Timeout() {};

    public Timeout timeout() {
      return timeout;
    }
  }

  @Test
  void theDeadlineGoesOntoTheCallsOwnTimeout() {
    Call call = new Call();
    assertThat(OkHttpDeadlineModule.applyDeadline(call, 123_456_789L)).isTrue();
    assertThat(call.timeout.deadline).isEqualTo(123_456_789L);
  }

  @Test
  void aCallWithoutSuchATimeoutIsLeftAlone() {
    assertThat(OkHttpDeadlineModule.applyDeadline(new Object(), 1L)).isFalse();
  }
}

package io.aiecs.governor.agent.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallCountersTest {
  @Test
  void totalsAddUpAcrossMoreThreadsThanCells() throws Exception {
    CallCounters counters = new CallCounters();
    int threads = 80; // more than the most cells there can be: threads share cells
    int calls = 5_000;
    List<Thread> started = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread thread = new Thread(() -> {
        for (int i = 0; i < calls; i++) {
          counters.admitted(1);
          counters.tokens(1200, 350, i % 10 == 0 ? 5 : 0);
        }
      });
      thread.start();
      started.add(thread);
    }
    for (Thread thread : started) {
      thread.join();
    }
    long n = (long) threads * calls;
    assertThat(counters.admitted()).isEqualTo(n);
    assertThat(counters.input()).isEqualTo(1200 * n);
    assertThat(counters.output()).isEqualTo(350 * n);
    assertThat(counters.other()).isEqualTo(5 * n / 10);
  }

  @Test
  void aCallRefusedElsewhereIsTakenBackAndNegativeFiguresSubtract() {
    CallCounters counters = new CallCounters();
    counters.admitted(1);
    counters.admitted(-1);
    counters.tokens(0, 0, -7); // a reported total below input + output
    assertThat(counters.admitted()).isZero();
    assertThat(counters.other()).isEqualTo(-7);
  }
}

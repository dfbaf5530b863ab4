package io.aiecs.governor.bench.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {
  private static List<Integer> shuffled(int n) {
    List<Integer> v = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      v.add(i * 10);
    }
    Collections.shuffle(v, new java.util.Random(7));
    return v;
  }

  @Test
  void theMediansIntervalIsTheOrderStatisticsTheBinomialTableGives() {
    // n = 15: P(X <= 3) = 1.8 %, P(X <= 4) = 5.9 % -> the 4th and 12th values
    assertThat(Stats.medianInterval95(shuffled(15))).containsExactly(40, 120);
    // n = 6: only the extremes (P(X = 0) = 1.6 %); n = 9: the 2nd and 8th (P(X <= 1) = 2.0 %)
    assertThat(Stats.medianInterval95(shuffled(6))).containsExactly(10, 60);
    assertThat(Stats.medianInterval95(shuffled(9))).containsExactly(20, 80);
  }

  @Test
  void fewerThanSixValuesHaveNoNinetyFivePercentInterval() {
    assertThat(Stats.medianInterval95(shuffled(5))).isNull();
  }

  @Test
  void theMedianOfAnEvenCountIsBetweenItsMiddleValues() {
    assertThat(Stats.median(List.of(4, 1, 3, 2))).isEqualTo(2.5);
  }
}

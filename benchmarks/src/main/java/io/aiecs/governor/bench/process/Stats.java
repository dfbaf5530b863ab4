package io.aiecs.governor.bench.process;

import java.util.Arrays;
import java.util.List;

/** Order statistics of a small sample. */
final class Stats {
  private Stats() {}

  static double median(List<? extends Number> values) {
    return percentile(values, 50);
  }

  /** Nearest-rank percentile, interpolated between neighbours for the median of an even count. */
  static double percentile(List<? extends Number> values, double p) {
    double[] v = values.stream().mapToDouble(Number::doubleValue).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    if (p == 50 && v.length % 2 == 0) {
      return (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
    int rank = (int) Math.ceil(p / 100.0 * v.length) - 1;
    return v[Math.max(0, Math.min(v.length - 1, rank))];
  }

  /**
   * The distribution-free 95 % interval of a median: the order statistics k and n + 1 - k, where k is the largest
   * rank with P(Binomial(n, 1/2) < k) <= 2.5 %. Null below six values, where no such interval exists.
   */
  static double[] medianInterval95(List<? extends Number> values) {
    double[] v = values.stream().mapToDouble(Number::doubleValue).sorted().toArray();
    int n = v.length;
    double below = 0; // P(Binomial(n, 1/2) < k), for k = 0, 1, ...
    double term = Math.pow(0.5, n); // P(Binomial(n, 1/2) = k)
    int k = 0;
    while (below + term <= 0.025) {
      below += term;
      term = term * (n - k) / (k + 1);
      k++;
    }
    return k == 0 ? null : new double[] {v[k - 1], v[n - k]};
  }

  static double min(List<? extends Number> values) {
    return values.stream().mapToDouble(Number::doubleValue).min().orElse(Double.NaN);
  }

  static String describe(List<? extends Number> values) {
    return Arrays.toString(values.stream().mapToLong(Number::longValue).toArray());
  }
}

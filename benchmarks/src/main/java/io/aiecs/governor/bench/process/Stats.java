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

  static double min(List<? extends Number> values) {
    return values.stream().mapToDouble(Number::doubleValue).min().orElse(Double.NaN);
  }

  static String describe(List<? extends Number> values) {
    return Arrays.toString(values.stream().mapToLong(Number::longValue).toArray());
  }
}

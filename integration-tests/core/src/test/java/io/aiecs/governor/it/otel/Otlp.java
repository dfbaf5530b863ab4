package io.aiecs.governor.it.otel;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reading decoded OTLP data points by their attributes. */
public final class Otlp {
  private Otlp() {}

  public static Map<String, Object> attributes(List<KeyValue> kvs) {
    Map<String, Object> m = new TreeMap<>();
    for (KeyValue kv : kvs) {
      m.put(kv.getKey(), value(kv.getValue()));
    }
    return m;
  }

  static Object value(AnyValue v) {
    return switch (v.getValueCase()) {
      case STRING_VALUE -> v.getStringValue();
      case INT_VALUE -> v.getIntValue();
      case DOUBLE_VALUE -> v.getDoubleValue();
      case BOOL_VALUE -> v.getBoolValue();
      default -> v.toString();
    };
  }

  /** The histogram point whose attributes include every entry of {@code match}. */
  public static HistogramDataPoint histogram(Metric m, Map<String, Object> match) {
    return m.getHistogram().getDataPointsList().stream()
        .filter(p -> attributes(p.getAttributesList()).entrySet().containsAll(match.entrySet()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no point with " + match + " in " + m));
  }

  /** The sum or gauge point whose attributes include every entry of {@code match}. */
  public static NumberDataPoint number(Metric m, Map<String, Object> match) {
    List<NumberDataPoint> points = m.hasSum() ? m.getSum().getDataPointsList() : m.getGauge().getDataPointsList();
    return points.stream()
        .filter(p -> attributes(p.getAttributesList()).entrySet().containsAll(match.entrySet()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no point with " + match + " in " + m));
  }
}

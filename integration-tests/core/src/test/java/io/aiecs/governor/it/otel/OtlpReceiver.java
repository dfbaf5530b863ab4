package io.aiecs.governor.it.otel;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What an OpenTelemetry collector would receive: every OTLP metrics export, decoded from its protobuf bytes.
 * Exports are cumulative, so the last one to carry a metric holds its final value.
 */
public abstract class OtlpReceiver implements AutoCloseable {
  private final List<ExportMetricsServiceRequest> requests = Collections.synchronizedList(new ArrayList<>());

  /** What {@code otel.exporter.otlp.endpoint} must be set to. */
  public abstract String endpoint();

  protected void received(ExportMetricsServiceRequest request) {
    requests.add(request);
  }

  public List<ExportMetricsServiceRequest> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** The metric {@code name} in the last export that carried it, with the resource it came with. */
  public Optional<Received> last(String name) {
    List<ExportMetricsServiceRequest> all = requests();
    for (int i = all.size() - 1; i >= 0; i--) {
      for (ResourceMetrics rm : all.get(i).getResourceMetricsList()) {
        for (ScopeMetrics sm : rm.getScopeMetricsList()) {
          for (Metric m : sm.getMetricsList()) {
            if (m.getName().equals(name)) {
              return Optional.of(new Received(rm, sm, m));
            }
          }
        }
      }
    }
    return Optional.empty();
  }

  /** The instrumentation scopes that exported a metric {@code name}, over all exports. */
  public java.util.Set<String> scopesOf(String name) {
    java.util.Set<String> scopes = new java.util.TreeSet<>();
    for (ExportMetricsServiceRequest r : requests()) {
      for (ResourceMetrics rm : r.getResourceMetricsList()) {
        for (ScopeMetrics sm : rm.getScopeMetricsList()) {
          if (sm.getMetricsList().stream().anyMatch(m -> m.getName().equals(name))) {
            scopes.add(sm.getScope().getName());
          }
        }
      }
    }
    return scopes;
  }

  /** Every scope that exported anything. */
  public java.util.Set<String> scopes() {
    java.util.Set<String> scopes = new java.util.TreeSet<>();
    requests().forEach(r -> r.getResourceMetricsList().forEach(rm ->
        rm.getScopeMetricsList().forEach(sm -> scopes.add(sm.getScope().getName()))));
    return scopes;
  }

  /** Waits until some export carries the metric {@code name}. */
  public Received await(String name, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<Received> r = last(name);
      if (r.isPresent()) {
        return r.get();
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
    throw new AssertionError("no export carried " + name + " within " + timeout + "; " + requests().size()
        + " export(s) received");
  }

  public record Received(ResourceMetrics resource, ScopeMetrics scope, Metric metric) {}

  private final List<ScopedSpan> spans = Collections.synchronizedList(new ArrayList<>());

  protected void receivedTraces(ExportTraceServiceRequest request) {
    request.getResourceSpansList().forEach(rs -> rs.getScopeSpansList().forEach(ss ->
        ss.getSpansList().forEach(span -> spans.add(new ScopedSpan(ss.getScope().getName(), span)))));
  }

  /** Every span received so far, with the instrumentation scope that made it. */
  public List<ScopedSpan> spans() {
    synchronized (spans) {
      return List.copyOf(spans);
    }
  }

  /** Waits until a span {@code match} accepts has been received. */
  public ScopedSpan awaitSpan(java.util.function.Predicate<ScopedSpan> match, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<ScopedSpan> s = spans().stream().filter(match).findFirst();
      if (s.isPresent()) {
        return s.get();
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
    throw new AssertionError("no such span within " + timeout + "; received: " + spans().stream()
        .map(s -> s.scope() + " '" + s.span().getName() + "'").toList());
  }

  public record ScopedSpan(String scope, io.opentelemetry.proto.trace.v1.Span span) {}
}

package io.aiecs.governor.it.otel;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
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
}

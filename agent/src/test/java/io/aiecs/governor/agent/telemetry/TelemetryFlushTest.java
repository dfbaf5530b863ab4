package io.aiecs.governor.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The exit flush (issue 6): a collector that is down must not hold the host's exit, and a host that made no
 * governed call does not wait for an export at all.
 */
class TelemetryFlushTest {
  /** An exporter whose exports never finish, like one retrying against a collector that is not there. */
  static class HangingExporter implements MetricExporter {
    final AtomicInteger exports = new AtomicInteger();

    @Override
    public CompletableResultCode export(Collection<MetricData> metrics) {
      exports.incrementAndGet();
      return new CompletableResultCode();
    }

    @Override
    public CompletableResultCode flush() {
      return new CompletableResultCode();
    }

    @Override
    public CompletableResultCode shutdown() {
      return new CompletableResultCode();
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
      return AggregationTemporality.CUMULATIVE;
    }
  }

  private static Thread finishedStarter() throws InterruptedException {
    Thread t = new Thread(() -> { });
    t.start();
    t.join();
    return t;
  }

  private static OpenTelemetrySdk sdk(MetricExporter exporter) {
    OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setMeterProvider(SdkMeterProvider.builder()
        .registerMetricReader(PeriodicMetricReader.builder(exporter).setInterval(Duration.ofHours(1)).build())
        .build()).build();
    sdk.getMeter("test").counterBuilder("calls").build().add(1);
    return sdk;
  }

  private static DeferredObserver recordedOnce() {
    DeferredObserver observed = new DeferredObserver(10);
    observed.rejected(null, "a", null, 0);
    return observed;
  }

  @Test
  void nothingRecordedMeansNoExportAndNoWait() throws Exception {
    HangingExporter exporter = new HangingExporter();
    OpenTelemetrySdk sdk = sdk(exporter);
    DeferredObserver observed = new DeferredObserver(10);

    long t0 = System.nanoTime();
    assertThat(Telemetry.flush(observed, finishedStarter(), () -> sdk, 60_000)).isTrue();

    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(1_000);
    assertThat(exporter.exports).hasValue(0);
    assertThat(observed.recordedAny()).isFalse();
  }

  @Test
  void anUnreachableCollectorHoldsTheExitNoLongerThanTheBudget() throws Exception {
    HangingExporter exporter = new HangingExporter();
    OpenTelemetrySdk sdk = sdk(exporter);

    long t0 = System.nanoTime();
    boolean done = Telemetry.flush(recordedOnce(), finishedStarter(), () -> sdk, 300);
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

    assertThat(done).isFalse();
    assertThat(tookMillis).isBetween(250L, 2_000L);
    assertThat(Telemetry.EXIT_FLUSH_MILLIS).isLessThanOrEqualTo(1_000);
  }

  /** Keeps the names of what it exported (the SDK's in-memory exporter forgets them when shut down). */
  static final class RecordingExporter extends HangingExporter {
    final List<String> names = new CopyOnWriteArrayList<>();

    @Override
    public CompletableResultCode export(Collection<MetricData> metrics) {
      metrics.forEach(m -> names.add(m.getName()));
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  @Test
  void aReachableCollectorGetsTheLastMeasurements() throws Exception {
    RecordingExporter exporter = new RecordingExporter();
    OpenTelemetrySdk sdk = sdk(exporter);

    assertThat(Telemetry.flush(recordedOnce(), finishedStarter(), () -> sdk, 5_000)).isTrue();

    assertThat(exporter.names).contains("calls");
  }

  @Test
  void anSdkStillStartingIsWaitedForWithinTheBudgetOnly() throws Exception {
    java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
    Thread starter = new Thread(() -> {
      try {
        never.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    starter.setDaemon(true);
    starter.start();
    try {
      long t0 = System.nanoTime();
      assertThat(Telemetry.flush(recordedOnce(), starter, () -> null, 300)).isFalse();
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isBetween(250L, 2_000L);
    } finally {
      never.countDown();
    }
  }
}

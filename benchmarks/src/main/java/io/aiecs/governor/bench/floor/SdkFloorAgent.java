package io.aiecs.governor.bench.floor;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The startup benchmark's floor: a {@code -javaagent} that does only what any agent exporting metrics through the
 * OpenTelemetry SDK must, with the governor's own copy of that SDK and its defaults, and nothing of the governor.
 * It loads the relocated SDK from the governor jar the way the governor does (its {@code AgentClassLoader} over the
 * jar's {@code inst/} folder), builds it with the SDK's autoconfiguration on a daemon thread (metrics over OTLP
 * {@code http/protobuf}, no traces, no logs, no retries: the governor's overrides), and at exit records one counter
 * and one histogram point and flushes, waiting at most a second: what the governor's telemetry does in a host that
 * makes one call. What the governor adds beyond this variant is its own cost; this variant is what the target
 * cannot go below while metrics are exported by default.
 *
 * <p>The agent argument is the governor jar's path. Everything goes through reflection: the SDK's packages are the
 * governor's relocated ones, seen only by that class loader.
 */
public final class SdkFloorAgent {
  private static final String SHADED = "io.aiecs.governor.shaded.";
  /**
   * What the governor's {@code OtelProperties.overrides()} sets when the user sets nothing, and its default service
   * name. Kept in step by hand: that class is not reachable from here.
   */
  private static final Map<String, String> GOVERNOR_OVERRIDES = Map.of(
      "otel.service.name", "aiecs-governor",
      "otel.exporter.otlp.protocol", "http/protobuf",
      "otel.traces.exporter", "none",
      "otel.logs.exporter", "none",
      "otel.java.exporter.otlp.retry.disabled", "true");

  private SdkFloorAgent() {}

  public static void premain(String governorJar, Instrumentation inst) throws Exception {
    File jar = new File(governorJar);
    ClassLoader launcher = new URLClassLoader(new URL[] {jar.toURI().toURL()}, ClassLoader.getPlatformClassLoader());
    Constructor<?> isolated = launcher.loadClass("io.aiecs.governor.launcher.AgentClassLoader")
        .getDeclaredConstructor(File.class, ClassLoader.class);
    isolated.setAccessible(true);
    ClassLoader sdkLoader = (ClassLoader) isolated.newInstance(jar, ClassLoader.getPlatformClassLoader());
    AtomicReference<Object> sdk = new AtomicReference<>();
    Thread build = new Thread(() -> sdk.set(build(sdkLoader)), "sdk-floor-telemetry-start");
    build.setDaemon(true);
    build.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> recordAndFlush(sdkLoader, build, sdk), "sdk-floor-telemetry-flush"));
  }

  private static Object build(ClassLoader loader) {
    try {
      Class<?> auto = loader.loadClass(SHADED + "io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk");
      Class<?> builderType = loader.loadClass(auto.getName() + "Builder");
      Object builder = auto.getMethod("builder").invoke(null);
      Function<Object, Map<String, String>> overrides = config -> GOVERNOR_OVERRIDES;
      builderType.getMethod("addPropertiesCustomizer", Function.class).invoke(builder, overrides);
      builderType.getMethod("setServiceClassLoader", ClassLoader.class).invoke(builder, loader);
      builderType.getMethod("disableShutdownHook").invoke(builder);
      Object built = builderType.getMethod("build").invoke(builder);
      return auto.getMethod("getOpenTelemetrySdk").invoke(built);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("the governor jar's SDK could not be built", e);
    }
  }

  private static void recordAndFlush(ClassLoader loader, Thread build, AtomicReference<Object> sdk) {
    try {
      build.join();
      Object otel = sdk.get();
      String api = SHADED + "io.opentelemetry.api.";
      Object meter = method(loader, api + "OpenTelemetry", "getMeter", String.class).invoke(otel, "sdk-floor");
      Object counter = method(loader, api + "metrics.LongCounterBuilder", "build").invoke(
          method(loader, api + "metrics.Meter", "counterBuilder", String.class).invoke(meter, "calls"));
      method(loader, api + "metrics.LongCounter", "add", long.class).invoke(counter, 1L);
      Object histogram = method(loader, api + "metrics.LongHistogramBuilder", "build").invoke(
          method(loader, api + "metrics.DoubleHistogramBuilder", "ofLongs").invoke(
              method(loader, api + "metrics.Meter", "histogramBuilder", String.class).invoke(meter, "tokens")));
      method(loader, api + "metrics.LongHistogram", "record", long.class).invoke(histogram, 30L);
      Object result = method(loader, SHADED + "io.opentelemetry.sdk.OpenTelemetrySdk", "shutdown").invoke(otel);
      method(loader, SHADED + "io.opentelemetry.sdk.common.CompletableResultCode", "join", long.class,
          TimeUnit.class).invoke(result, 1L, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("the floor's exit flush failed", e);
    }
  }

  private static Method method(ClassLoader loader, String type, String name, Class<?>... parameters)
      throws ReflectiveOperationException {
    return loader.loadClass(type).getMethod(name, parameters);
  }
}

package io.aiecs.governor.bench.process;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the agents and the host class path are; run.sh passes them as system properties. An earlier build of the
 * governor, when given, joins the startup runs as a variant of its own.
 */
record BenchSetup(Path governorJar, Path otelJar, Path floorJar, Path baselineJar, String hostClasspath,
                  String baseUrl) {
  static BenchSetup fromSystemProperties(String baseUrl) {
    Path governor = existing("bench.governor.jar");
    Path otel = existing("bench.otel.jar");
    Path floor = existing("bench.floor.jar");
    Path baseline = System.getProperty("bench.governor.baseline.jar") == null ? null
        : existing("bench.governor.baseline.jar");
    String cp = System.getProperty("bench.host.classpath");
    if (cp == null) {
      throw new IllegalStateException("-Dbench.host.classpath is not set (run benchmarks/run.sh)");
    }
    return new BenchSetup(governor, otel, floor, baseline, cp, baseUrl);
  }

  /**
   * The variants of a startup run: the four the issue names, the governor without export, the SDK floor, and the
   * baseline build when there is one.
   */
  java.util.List<Variant> startupVariants() {
    return java.util.Arrays.stream(Variant.values()).filter(v -> v != Variant.BASELINE || baselineJar != null)
        .toList();
  }

  /** async-profiler's native library, for {@code profile} only (run.sh unpacks it from Maven Central). */
  static Path asyncProfilerLibrary() {
    return existing("bench.asyncprofiler.lib");
  }

  private static Path existing(String property) {
    String value = System.getProperty(property);
    if (value == null || !Files.isRegularFile(Path.of(value))) {
      throw new IllegalStateException("-D" + property + " must name an existing file, not " + value
          + " (run benchmarks/run.sh)");
    }
    return Path.of(value).toAbsolutePath();
  }
}

package io.aiecs.governor.bench.process;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the agents and the host class path are; run.sh passes them as system properties. */
record BenchSetup(Path governorJar, Path otelJar, String hostClasspath, String baseUrl) {
  static BenchSetup fromSystemProperties(String baseUrl) {
    Path governor = existing("bench.governor.jar");
    Path otel = existing("bench.otel.jar");
    String cp = System.getProperty("bench.host.classpath");
    if (cp == null) {
      throw new IllegalStateException("-Dbench.host.classpath is not set (run benchmarks/run.sh)");
    }
    return new BenchSetup(governor, otel, cp, baseUrl);
  }

  private static Path existing(String property) {
    String value = System.getProperty(property);
    if (value == null || !Files.isRegularFile(Path.of(value))) {
      throw new IllegalStateException("-D" + property + " must name an existing jar, not " + value
          + " (run benchmarks/run.sh)");
    }
    return Path.of(value).toAbsolutePath();
  }
}

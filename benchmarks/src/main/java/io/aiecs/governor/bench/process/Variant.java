package io.aiecs.governor.bench.process;

import java.util.ArrayList;
import java.util.List;

/** Which agents a host JVM runs with. */
enum Variant {
  NONE("no agent"),
  GOVERNOR("aiecs-governor"),
  /** The governor with metrics export off, as the OpenTelemetry agent runs here: its own cost, without the SDK's. */
  GOVERNOR_NO_EXPORT("aiecs-governor, export none"),
  OTEL("OpenTelemetry agent"),
  /** OpenTelemetry first: the order its maintainers advise when agents are combined. */
  BOTH("both agents"),
  /**
   * Only the governor jar's own OpenTelemetry SDK, built and flushed as the governor's defaults do, nothing else of
   * the governor ({@code SdkFloorAgent}): the least an agent exporting metrics through that SDK adds.
   */
  SDK_FLOOR("the governor's OpenTelemetry SDK only"),
  /** An earlier build of aiecs-governor ({@code -Dbench.governor.baseline.jar}), for before/after figures. */
  BASELINE("aiecs-governor, baseline build");

  final String label;

  Variant(String label) {
    this.label = label;
  }

  List<String> jvmOptions(BenchSetup setup) {
    List<String> options = new ArrayList<>();
    if (this == OTEL || this == BOTH) {
      options.add("-javaagent:" + setup.otelJar());
      // nothing exported: the cost of the agent itself, not of a collector round trip
      options.add("-Dotel.traces.exporter=none");
      options.add("-Dotel.metrics.exporter=none");
      options.add("-Dotel.logs.exporter=none");
    }
    if (this == SDK_FLOOR) {
      options.add("-javaagent:" + setup.floorJar() + "=" + setup.governorJar());
    }
    if (this == GOVERNOR_NO_EXPORT) {
      options.add("-Dotel.metrics.exporter=none");
    }
    if (this == GOVERNOR || this == GOVERNOR_NO_EXPORT || this == BOTH || this == BASELINE) {
      options.add("-javaagent:" + (this == BASELINE ? setup.baselineJar() : setup.governorJar()));
      // limits as a user would set them, far above what the benchmark uses: every call is admitted at once
      options.add("-Daiecs.governor.max-tokens-per-minute=1000000000");
      options.add("-Daiecs.governor.max-concurrent-tasks=8");
    }
    return options;
  }
}

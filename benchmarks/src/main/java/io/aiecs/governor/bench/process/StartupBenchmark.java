package io.aiecs.governor.bench.process;

import io.aiecs.governor.bench.hosts.OneCallHost;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whole-process start: {@link OneCallHost} (build a client, one chat call, exit) under each {@link Variant},
 * {@code runs} times each, in rounds whose order rotates so that no variant always follows another. One
 * discarded round first warms the file cache.
 */
final class StartupBenchmark {
  private final BenchSetup setup;
  private final int runs;

  StartupBenchmark(BenchSetup setup, int runs) {
    this.setup = setup;
    this.runs = runs;
  }

  private record Sample(long wallMs, long toMainMs, long cpuMs) {}

  String run() throws InterruptedException {
    Variant[] variants = setup.startupVariants().toArray(new Variant[0]);
    Map<Variant, List<Sample>> samples = new EnumMap<>(Variant.class);
    for (Variant v : variants) {
      samples.put(v, new ArrayList<>());
    }
    for (int round = -1; round < runs; round++) {
      for (int i = 0; i < variants.length; i++) {
        Variant v = variants[Math.floorMod(i + round, variants.length)];
        Sample s = once(v);
        if (round >= 0) {
          samples.get(v).add(s);
        }
      }
      System.err.printf(Locale.ROOT, "startup: round %d of %d done%n", round + 1, runs);
    }
    return table(samples);
  }

  private Sample once(Variant v) throws InterruptedException {
    HostRun host = HostRun.start(setup, v, List.of(), OneCallHost.class, List.of("baseUrl=" + setup.baseUrl()),
        line -> { }).finish(300);
    return new Sample(host.wallMillis(), host.millisUntil("MAIN_AT"), Long.parseLong(host.value("CPU_MS")));
  }

  private String table(Map<Variant, List<Sample>> samples) {
    double baseWall = median(samples.get(Variant.NONE), Sample::wallMs);
    double baseMain = median(samples.get(Variant.NONE), Sample::toMainMs);
    double baseCpu = median(samples.get(Variant.NONE), Sample::cpuMs);
    StringBuilder t = new StringBuilder();
    t.append(String.format(Locale.ROOT, "Startup: one openai-java chat call to a local server, then exit; %d runs"
        + " per variant, medians (ms)%n%n", runs));
    t.append("| variant | wall | added | launch→main | added | CPU (user+sys) | added |\n");
    t.append("|---|---:|---:|---:|---:|---:|---:|\n");
    for (Variant v : samples.keySet()) {
      List<Sample> s = samples.get(v);
      double wall = median(s, Sample::wallMs);
      double main = median(s, Sample::toMainMs);
      double cpu = median(s, Sample::cpuMs);
      t.append(String.format(Locale.ROOT, "| %s | %.0f | %s | %.0f | %s | %.0f | %s |%n", v.label, wall,
          added(v, wall - baseWall), main, added(v, main - baseMain), cpu, added(v, cpu - baseCpu)));
    }
    double ours = median(samples.get(Variant.GOVERNOR), Sample::wallMs) - baseWall;
    double otel = median(samples.get(Variant.OTEL), Sample::wallMs) - baseWall;
    double floor = median(samples.get(Variant.SDK_FLOOR), Sample::wallMs) - baseWall;
    t.append(String.format(Locale.ROOT, "%naiecs-governor adds %.0f ms (target <= 150), %.0f%% of what the "
        + "OpenTelemetry agent adds (%.0f ms; target <= 20%%)%n", ours, 100 * ours / otel, otel));
    t.append(String.format(Locale.ROOT, "of which its OpenTelemetry SDK alone (the floor variant): %.0f ms; the "
        + "governor beyond that: %.0f ms%n", floor, ours - floor));
    t.append("raw wall times (ms):\n");
    samples.forEach((v, s) -> t.append("  ").append(v.label).append(": ")
        .append(Stats.describe(s.stream().map(Sample::wallMs).toList())).append('\n'));
    return t.toString();
  }

  private static String added(Variant v, double ms) {
    return v == Variant.NONE ? "—" : String.format(Locale.ROOT, "%+.0f", ms);
  }

  private static double median(List<Sample> s, java.util.function.ToLongFunction<Sample> f) {
    return Stats.median(s.stream().map(x -> f.applyAsLong(x)).toList());
  }
}

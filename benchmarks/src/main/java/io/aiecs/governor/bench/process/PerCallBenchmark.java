package io.aiecs.governor.bench.process;

import io.aiecs.governor.bench.hosts.CallLoopHost;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * End-to-end cost per call: {@link CallLoopHost} making {@code calls} timed calls (after a warm-up) to the local
 * server, plain and streamed, without and with the governor. Each configuration runs {@code rounds} times,
 * alternating, and the median of the rounds' figures is reported.
 */
final class PerCallBenchmark {
  private static final Variant[] COMPARED = {Variant.NONE, Variant.GOVERNOR};

  private final BenchSetup setup;
  private final int calls;
  private final int rounds;

  PerCallBenchmark(BenchSetup setup, int calls, int rounds) {
    this.setup = setup;
    this.calls = calls;
    this.rounds = rounds;
  }

  private record Latency(long p50, long p99) {}

  String run() throws InterruptedException {
    StringBuilder t = new StringBuilder();
    t.append(String.format(Locale.ROOT, "Per call, end to end: %,d calls on one thread after %,d warm-up calls;"
        + " median of %d alternating runs (µs)%n%n", calls, warmup(), rounds));
    t.append("| mode | no agent p50 | aiecs-governor p50 | added p50 | no agent p99 | aiecs-governor p99 | added p99 |\n");
    t.append("|---|---:|---:|---:|---:|---:|---:|\n");
    for (String mode : List.of("sync", "stream")) {
      List<List<Latency>> byVariant = List.of(new ArrayList<>(), new ArrayList<>());
      for (int round = 0; round < rounds; round++) {
        for (int i = 0; i < COMPARED.length; i++) {
          int which = (i + round) % COMPARED.length;
          byVariant.get(which).add(once(COMPARED[which], mode));
        }
        System.err.printf(Locale.ROOT, "per-call %s: round %d of %d done%n", mode, round + 1, rounds);
      }
      double p50None = median(byVariant.get(0), true);
      double p50Gov = median(byVariant.get(1), true);
      double p99None = median(byVariant.get(0), false);
      double p99Gov = median(byVariant.get(1), false);
      t.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %+.1f | %.1f | %.1f | %+.1f |%n", mode,
          p50None, p50Gov, p50Gov - p50None, p99None, p99Gov, p99Gov - p99None));
    }
    return t.toString();
  }

  private int warmup() {
    return Math.max(1_000, calls / 5);
  }

  private Latency once(Variant v, String mode) throws InterruptedException {
    HostRun host = HostRun.start(setup, v, List.of(), CallLoopHost.class, List.of("baseUrl=" + setup.baseUrl(),
        "mode=" + mode, "calls=" + calls, "warmup=" + warmup()), line -> { }).finish(900);
    String[] parts = host.value("LATENCY_NS").split(" ");
    return new Latency(field(parts, "p50"), field(parts, "p99"));
  }

  private static long field(String[] parts, String name) {
    for (String p : parts) {
      if (p.startsWith(name + "=")) {
        return Long.parseLong(p.substring(name.length() + 1));
      }
    }
    throw new IllegalStateException("no " + name + " in " + String.join(" ", parts));
  }

  private static double median(List<Latency> runs, boolean p50) {
    return Stats.median(runs.stream().map(l -> p50 ? l.p50() : l.p99()).toList()) / 1000.0;
  }
}

package io.aiecs.governor.bench.process;

import io.aiecs.governor.bench.hosts.CallLoopHost;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * End-to-end cost per call: {@link CallLoopHost} making {@code calls} timed calls (after a warm-up) to the local
 * server, plain and streamed, without and with the governor. A round runs both, one after the other, in alternating
 * order; the added cost is the governed run's figure less the plain run's of the same round (paired, so that the
 * machine's drift over minutes cancels), reported as the median over rounds with its 95 % interval.
 *
 * <p>Two measures: latency (p50, p99 of the timed calls) and the host process's CPU time per call while making
 * them. Latency between two processes of the same variant moves by tens of microseconds on a small shared machine
 * (JIT and memory layout differ per process); the CPU time is the agent's work itself, on whatever thread.
 */
final class PerCallBenchmark {
  private final BenchSetup setup;
  private final int calls;
  private final int rounds;

  PerCallBenchmark(BenchSetup setup, int calls, int rounds) {
    this.setup = setup;
    this.calls = calls;
    this.rounds = rounds;
  }

  /** One host run's figures, µs. */
  private record Run(double p50, double p99, double cpuPerCall) {}

  String run() throws InterruptedException {
    StringBuilder t = new StringBuilder();
    t.append(String.format(Locale.ROOT, "Per call, end to end: %,d calls on one thread after %,d warm-up calls;"
        + " %d rounds, each a plain and a governed run in alternating order; µs. Plain and governed columns: medians"
        + " over the rounds. Added: median of the rounds' paired differences, [95 %% interval of that median]%n%n",
        calls, warmup(), rounds));
    t.append("| mode | no agent p50 | aiecs-governor p50 | added p50 | no agent p99 | aiecs-governor p99 | added p99"
        + " | no agent CPU/call | aiecs-governor CPU/call | added CPU/call |\n");
    t.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (String mode : List.of("sync", "stream")) {
      List<Run> plain = new ArrayList<>();
      List<Run> governed = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        boolean plainFirst = round % 2 == 0;
        Run first = once(plainFirst ? Variant.NONE : Variant.GOVERNOR, mode);
        Run second = once(plainFirst ? Variant.GOVERNOR : Variant.NONE, mode);
        plain.add(plainFirst ? first : second);
        governed.add(plainFirst ? second : first);
        System.err.printf(Locale.ROOT, "per-call %s: round %d of %d: added p50 %+.1f µs, CPU %+.1f µs/call%n", mode,
            round + 1, rounds, governed.get(round).p50() - plain.get(round).p50(),
            governed.get(round).cpuPerCall() - plain.get(round).cpuPerCall());
      }
      t.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %s | %.1f | %.1f | %s | %.1f | %.1f | %s |%n", mode,
          median(plain, Run::p50), median(governed, Run::p50), added(plain, governed, Run::p50),
          median(plain, Run::p99), median(governed, Run::p99), added(plain, governed, Run::p99),
          median(plain, Run::cpuPerCall), median(governed, Run::cpuPerCall),
          added(plain, governed, Run::cpuPerCall)));
    }
    return t.toString();
  }

  /**
   * Twice the timed calls (20,000 for 10,000): until the JIT has compiled the woven client and the agent's code.
   * After 2,000 warm-up calls it was still compiling them during the timed calls, on a 2-core machine +90 µs of
   * CPU a call and +36 µs p50 that a host pays once, not per call (its start is the startup benchmark's).
   */
  private int warmup() {
    return Math.max(1_000, calls * 2);
  }

  private Run once(Variant v, String mode) throws InterruptedException {
    HostRun host = HostRun.start(setup, v, List.of(), CallLoopHost.class, List.of("baseUrl=" + setup.baseUrl(),
        "mode=" + mode, "calls=" + calls, "warmup=" + warmup()), line -> { }).finish(900);
    String[] parts = host.value("LATENCY_NS").split(" ");
    double cpuMicros = Long.parseLong(host.value("CPU_MS")) * 1000.0 / calls;
    return new Run(field(parts, "p50") / 1000.0, field(parts, "p99") / 1000.0, cpuMicros);
  }

  private static long field(String[] parts, String name) {
    for (String p : parts) {
      if (p.startsWith(name + "=")) {
        return Long.parseLong(p.substring(name.length() + 1));
      }
    }
    throw new IllegalStateException("no " + name + " in " + String.join(" ", parts));
  }

  private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> figure) {
    return Stats.median(runs.stream().map(figure::applyAsDouble).toList());
  }

  private static String added(List<Run> plain, List<Run> governed, java.util.function.ToDoubleFunction<Run> figure) {
    List<Double> differences = new ArrayList<>();
    for (int i = 0; i < plain.size(); i++) {
      differences.add(figure.applyAsDouble(governed.get(i)) - figure.applyAsDouble(plain.get(i)));
    }
    double[] interval = Stats.medianInterval95(differences);
    return String.format(Locale.ROOT, "%+.1f", Stats.median(differences)) + (interval == null ? ""
        : String.format(Locale.ROOT, " [%+.1f, %+.1f]", interval[0], interval[1]));
  }
}

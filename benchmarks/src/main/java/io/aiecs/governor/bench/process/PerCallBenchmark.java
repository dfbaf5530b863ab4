package io.aiecs.governor.bench.process;

import io.aiecs.governor.bench.hosts.PairedCallHost;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * End-to-end cost per call, measured inside one process: {@link PairedCallHost} runs the same openai-java client
 * twice, the application's copy and a second copy in a class loader the governor is told to leave alone
 * ({@code aiecs.governor.exclude-class-loaders}), in alternating batches to the local server. Under the agent the
 * first copy is governed and the second plain, so each pair of batches gives one paired difference (governed less
 * plain) from the same JVM at the same moment. The same host without any agent, where both copies are plain, is
 * the control: its differences are what the method itself shows when there is nothing to find (second copy, order).
 *
 * <p>Each variant runs in {@code rounds} processes (alternating which starts first); a process makes
 * {@code calls} timed calls per copy in batches of {@value #BATCH}, after twice as many warm-up calls per copy. The
 * tables give the median of all pairs' differences with its distribution-free 95 % interval.
 */
final class PerCallBenchmark {
  static final int BATCH = 1_000;

  private final BenchSetup setup;
  private final int calls;
  private final int rounds;

  PerCallBenchmark(BenchSetup setup, int calls, int rounds) {
    this.setup = setup;
    this.calls = calls;
    this.rounds = rounds;
  }

  /** One pair of batches: the first copy's figures and the second's; latency µs, CPU µs per call. */
  private record Pair(double p50First, double p99First, double cpuFirst, double p50Second, double p99Second,
                      double cpuSecond) {
    double p50Added() {
      return p50First - p50Second;
    }

    double p99Added() {
      return p99First - p99Second;
    }

    double cpuAdded() {
      return cpuFirst - cpuSecond;
    }
  }

  String run() throws InterruptedException {
    int pairs = Math.max(1, calls / BATCH);
    StringBuilder t = new StringBuilder();
    t.append(String.format(Locale.ROOT, "Per call, end to end, in one process: %d processes per row, each %d pairs"
        + " of %,d-call batches (the governed copy and the plain copy of openai-java, alternating which goes first)"
        + " after %,d warm-up calls per copy; µs. Copy columns: medians over all batches. Added: median of the"
        + " pairs' differences, [95 %% interval of that median]%n%n", rounds, pairs, BATCH, warmup()));
    t.append("| mode | process | first copy p50 | second copy p50 | added p50 | first p99 | second p99 | added p99"
        + " | first CPU/call | second CPU/call | added CPU/call |\n");
    t.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (String mode : List.of("sync", "stream")) {
      List<Pair> governed = new ArrayList<>();
      List<Pair> control = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        boolean governedFirst = round % 2 == 0;
        for (Variant v : governedFirst ? List.of(Variant.GOVERNOR, Variant.NONE)
            : List.of(Variant.NONE, Variant.GOVERNOR)) {
          List<Pair> got = once(v, mode, pairs);
          (v == Variant.NONE ? control : governed).addAll(got);
          System.err.printf(Locale.ROOT, "per-call %s %s: round %d of %d: added p50 %+.1f µs, CPU %+.1f µs/call%n",
              mode, v.label, round + 1, rounds, Stats.median(values(got, Pair::p50Added)),
              Stats.median(values(got, Pair::cpuAdded)));
        }
      }
      row(t, mode, "aiecs-governor: governed copy, plain copy", governed);
      row(t, mode, "no agent (control): both copies plain", control);
    }
    return t.toString();
  }

  private static void row(StringBuilder t, String mode, String process, List<Pair> pairs) {
    t.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | %s | %.1f | %.1f | %s | %.1f | %.1f | %s |%n", mode,
        process, Stats.median(values(pairs, Pair::p50First)), Stats.median(values(pairs, Pair::p50Second)),
        added(pairs, Pair::p50Added), Stats.median(values(pairs, Pair::p99First)),
        Stats.median(values(pairs, Pair::p99Second)), added(pairs, Pair::p99Added),
        Stats.median(values(pairs, Pair::cpuFirst)), Stats.median(values(pairs, Pair::cpuSecond)),
        added(pairs, Pair::cpuAdded)));
  }

  /**
   * Twice the timed calls per copy: until the JIT has compiled both copies of the client and the agent's code
   * (after 2,000 warm-up calls it was still compiling them during the timed calls; that is a one-off cost, the
   * startup benchmark's).
   */
  private int warmup() {
    return Math.max(BATCH, calls * 2);
  }

  private List<Pair> once(Variant v, String mode, int pairs) throws InterruptedException {
    List<String> pairLines = java.util.Collections.synchronizedList(new ArrayList<>());
    List<String> jvm = v == Variant.NONE ? List.of()
        : List.of("-Daiecs.governor.exclude-class-loaders=" + PairedCallHost.PlainCopyLoader.class.getName());
    HostRun host = HostRun.start(setup, v, jvm, PairedCallHost.class, List.of("baseUrl=" + setup.baseUrl(),
        "mode=" + mode, "batch=" + BATCH, "pairs=" + pairs, "warmup=" + warmup()), line -> {
          if (line.startsWith("PAIR ")) {
            pairLines.add(line);
          }
        }).finish(1800);
    long admitted = Long.parseLong(host.value("ADMITTED"));
    long expected = v == Variant.NONE ? -1 : Long.parseLong(host.value("FIRST_CALLS"));
    if (admitted != expected) { // the second copy woven too, or the first not: the comparison would be void
      throw new IllegalStateException(v.label + ": the governor admitted " + admitted + " calls, expected "
          + expected + " (the first copy's calls only)\n" + String.join("\n", host.stderr()));
    }
    List<Pair> result = new ArrayList<>();
    for (String line : pairLines) {
      String[] f = line.split(" ");
      // PAIR first p50=.. p99=.. cpu=.. second p50=.. p99=.. cpu=..
      result.add(new Pair(number(f[2]) / 1000, number(f[3]) / 1000, number(f[4]), number(f[6]) / 1000,
          number(f[7]) / 1000, number(f[8])));
    }
    if (result.size() != pairs) {
      throw new IllegalStateException("expected " + pairs + " PAIR lines, got " + result.size());
    }
    return result;
  }

  private static double number(String keyValue) {
    return Double.parseDouble(keyValue.substring(keyValue.indexOf('=') + 1));
  }

  private static List<Double> values(List<Pair> pairs, ToDoubleFunction<Pair> figure) {
    return pairs.stream().map(figure::applyAsDouble).toList();
  }

  private static String added(List<Pair> pairs, ToDoubleFunction<Pair> figure) {
    List<Double> differences = values(pairs, figure);
    double[] interval = Stats.medianInterval95(differences);
    return String.format(Locale.ROOT, "%+.1f", Stats.median(differences)) + (interval == null ? ""
        : String.format(Locale.ROOT, " [%+.1f, %+.1f]", interval[0], interval[1]));
  }
}

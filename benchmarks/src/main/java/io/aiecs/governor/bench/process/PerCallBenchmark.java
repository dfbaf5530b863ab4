package io.aiecs.governor.bench.process;

import io.aiecs.governor.bench.hosts.PairedCallHost;
import java.io.IOException;
import java.nio.file.Path;
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
 *
 * <p>Between processes the two copies' difference still moves by tens of microseconds (each copy is compiled on its
 * own), so a second measure counts the agent's work directly: governed processes whose timed calls run under
 * async-profiler, with the CPU samples in the agent's frames (its own classes and the libraries relocated into it)
 * and on its threads divided by the governed calls.
 */
final class PerCallBenchmark {
  static final int BATCH = 1_000;

  private final BenchSetup setup;
  private final int calls;
  private final int rounds;
  private final Path profiler;
  private final Path results;

  PerCallBenchmark(BenchSetup setup, int calls, int rounds, Path profiler, Path results) {
    this.setup = setup;
    this.calls = calls;
    this.rounds = rounds;
    this.profiler = profiler;
    this.results = results;
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

  String run() throws InterruptedException, IOException {
    int pairs = Math.max(1, calls / BATCH);
    return pairedTable(pairs) + "\n" + profiledTable(pairs);
  }

  /** Latency and process CPU of the two copies, governed and plain against the no-agent control. */
  private String pairedTable(int pairs) throws InterruptedException {
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
          List<Pair> got = once(v, mode, pairs, List.of());
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

  /** The agent's own CPU per governed call, from async-profiler over the timed calls of governed processes. */
  private String profiledTable(int pairs) throws InterruptedException, IOException {
    StringBuilder t = new StringBuilder();
    t.append(String.format(Locale.ROOT, "The agent's own CPU per governed call: %d governed processes per mode,"
        + " their timed calls under async-profiler (CPU samples every 1 ms), counted as the agent's where the deepest"
        + " frame that is not the JDK's or the JVM's is the agent's (its classes and the libraries relocated into it;"
        + " not the client's own JDK stream pipeline its wrapper drives), or on the agent's threads; µs, medians over"
        + " the processes%n%n", rounds));
    t.append("| mode | calling thread's CPU per call (both copies) | the agent's, on the calling thread"
        + " | the agent's, any thread | samples in the agent (total) |\n");
    t.append("|---|---:|---:|---:|---:|\n");
    double governedCalls = (double) pairs * BATCH;
    for (String mode : List.of("sync", "stream")) {
      List<Double> caller = new ArrayList<>();
      List<Double> onCaller = new ArrayList<>();
      List<Double> anyThread = new ArrayList<>();
      long samples = 0;
      for (int round = 0; round < rounds; round++) {
        Path out = results.resolve("percall-" + mode + "-" + round + ".collapsed");
        once(Variant.GOVERNOR, mode, pairs, List.of("profiler=" + profiler, "profile=" + out));
        StartupProfile.Profile p = StartupProfile.Profile.read(out);
        long agentAnywhere = agentSamples(p, "[");
        caller.add(p.byThread().getOrDefault("main", 0L) * 1000.0 / (2 * governedCalls));
        onCaller.add(agentSamples(p, "[main") * 1000.0 / governedCalls);
        anyThread.add(agentAnywhere * 1000.0 / governedCalls);
        samples += agentAnywhere;
        System.err.printf(Locale.ROOT, "per-call %s profiled: round %d of %d: the agent's CPU %.2f µs/call%n", mode,
            round + 1, rounds, anyThread.get(round));
      }
      t.append(String.format(Locale.ROOT, "| %s | %.1f | %.2f | %.2f | %d |%n", mode, Stats.median(caller),
          Stats.median(onCaller), Stats.median(anyThread), samples));
    }
    return t.toString();
  }

  /**
   * Samples of those threads that are the agent's work: on one of its threads, or where the deepest frame that is
   * neither the JDK's nor the JVM's belongs to the agent, unless what runs there is the JDK stream pipeline of the
   * client's that the agent's stream wrapper drives. Not "an agent frame anywhere on the stack": the stream wrappers
   * and the OkHttp interceptor call back into the client, whose reading and parsing is not the agent's.
   */
  static long agentSamples(StartupProfile.Profile p, String thread) {
    long n = 0;
    for (int i = 0; i < p.stacks().size(); i++) {
      String stack = p.stacks().get(i);
      if (stack.startsWith(thread) && (stack.startsWith("[aiecs-governor") || agentWork(stack))) {
        n += p.counts().get(i);
      }
    }
    return n;
  }

  private static boolean agentWork(String stack) {
    boolean clientsStream = false;
    for (int end = stack.length(); end > 0; ) {
      int from = stack.lastIndexOf(';', end - 1) + 1;
      String frame = stack.substring(from, end);
      end = from - 1;
      if (neutral(frame)) {
        // the JDK stream pipeline a client built over its chunks, which the agent's wrapper only drives
        clientsStream |= frame.startsWith("java/util/stream/");
        continue;
      }
      return !clientsStream && frame.startsWith("io/aiecs/governor/") && !frame.startsWith("io/aiecs/governor/bench/");
    }
    return false;
  }

  /** The JDK's classes, and the JVM's or native frames (no package): work done for whoever called them. */
  private static boolean neutral(String frame) {
    return frame.startsWith("java/") || frame.startsWith("jdk/") || frame.startsWith("sun/")
        || frame.startsWith("com/sun/") || frame.indexOf('/') < 0 || frame.startsWith("[");
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

  private List<Pair> once(Variant v, String mode, int pairs, List<String> moreArgs) throws InterruptedException {
    List<String> pairLines = java.util.Collections.synchronizedList(new ArrayList<>());
    List<String> jvm = v == Variant.NONE ? List.of()
        : List.of("-Daiecs.governor.exclude-class-loaders=" + PairedCallHost.PlainCopyLoader.class.getName());
    List<String> args = new ArrayList<>(List.of("baseUrl=" + setup.baseUrl(), "mode=" + mode, "batch=" + BATCH,
        "pairs=" + pairs, "warmup=" + warmup()));
    args.addAll(moreArgs);
    HostRun host = HostRun.start(setup, v, jvm, PairedCallHost.class, args, line -> {
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

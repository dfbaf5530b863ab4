package io.aiecs.governor.bench.hotpath;

import io.aiecs.governor.bench.process.Machine;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link HotPathBenchmark} at 1 and 8 threads with the GC profiler and prints one table: time per
 * operation and bytes allocated per operation, every limiter side by side. {@code quick} as the first
 * argument runs one short fork (a smoke run, not for publishing).
 */
public final class HotPathRunner {
  private static final int[] THREADS = {1, 8};

  public static void main(String[] args) throws Exception {
    boolean quick = args.length > 0 && args[0].equals("quick");
    List<String> rows = new ArrayList<>();
    String loadBefore = Machine.load();
    for (int threads : THREADS) {
      ChainedOptionsBuilder options = new OptionsBuilder()
          .include(HotPathBenchmark.class.getName())
          .threads(threads)
          .addProfiler(GCProfiler.class)
          .jvmArgsAppend("-Xms512m", "-Xmx512m");
      if (quick) {
        options.forks(1).warmupIterations(2).measurementIterations(3);
      }
      Collection<RunResult> results = new Runner(options.build()).run();
      for (RunResult r : results) {
        rows.add(row(r, threads));
      }
    }
    System.out.println();
    System.out.println(Machine.describe());
    System.out.println("load average before/after: " + loadBefore + " / " + Machine.load());
    System.out.println("| benchmark | threads | ns/op (± 99.9%) | B/op |");
    System.out.println("|---|---:|---:|---:|");
    rows.forEach(System.out::println);
  }

  private static String row(RunResult r, int threads) {
    Result<?> time = r.getPrimaryResult();
    // JMH names it "gc.alloc.rate.norm" (older versions put a "·" in front)
    Result<?> alloc = r.getSecondaryResults().entrySet().stream()
        .filter(e -> e.getKey().endsWith("gc.alloc.rate.norm")).map(e -> (Result<?>) e.getValue())
        .findFirst().orElse(null);
    String name = r.getParams().getBenchmark();
    name = name.substring(name.lastIndexOf('.') + 1);
    return String.format(Locale.ROOT, "| %s | %d | %.1f ± %.1f | %s |", name, threads, time.getScore(),
        time.getScoreError(), alloc == null ? "n/a" : String.format(Locale.ROOT, "%.1f", alloc.getScore()));
  }
}

package io.aiecs.governor.bench.process;

import io.aiecs.governor.demo.server.FakeOpenAiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The whole-process benchmarks: {@code startup}, {@code percall}, {@code footprint}, or {@code all}; and
 * {@code profile}, where a start's CPU goes (not part of {@code all}). Host JVMs
 * talk to a {@link FakeOpenAiServer} in this JVM. Sizes come from system properties ({@code bench.runs},
 * {@code bench.calls}, {@code bench.rounds}, {@code bench.agents}); run.sh passes the paths. Each table is
 * printed and written to {@code bench.results} (a folder).
 */
public final class ProcessBenchmarks {
  private ProcessBenchmarks() {}

  public static void main(String[] args) throws Exception {
    List<String> which = args.length == 0 || args[0].equals("all")
        ? List.of("startup", "percall", "footprint") : Arrays.asList(args);
    Path results = Path.of(System.getProperty("bench.results", "target/results"));
    Files.createDirectories(results);
    try (FakeOpenAiServer server = FakeOpenAiServer.builder().build().start()) {
      BenchSetup setup = BenchSetup.fromSystemProperties(server.baseUrl());
      for (String name : which) {
        String loadBefore = Machine.load();
        String table = switch (name) {
          case "startup" -> new StartupBenchmark(setup, Integer.getInteger("bench.runs", 10)).run();
          case "percall" -> new PerCallBenchmark(setup, Integer.getInteger("bench.calls", 10_000),
              Integer.getInteger("bench.rounds", 4), BenchSetup.asyncProfilerLibrary(), results).run();
          case "footprint" -> new FootprintBenchmark(setup, Integer.getInteger("bench.agents", 100),
              new int[] {Integer.getInteger("bench.calls", 10_000) / 10, Integer.getInteger("bench.calls", 10_000)},
              results).run();
          case "profile" -> new StartupProfile(setup, BenchSetup.asyncProfilerLibrary(), results,
              Integer.getInteger("bench.profile.runs", 3)).run();
          default -> throw new IllegalArgumentException("unknown benchmark '" + name
              + "': startup, percall, footprint, profile or all");
        };
        String report = table + "\n" + Machine.describe() + "\nload average before/after: " + loadBefore + " / "
            + Machine.load() + "; " + LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS) + "\n";
        System.out.println();
        System.out.println(report);
        Files.writeString(results.resolve(name + ".md"), report);
      }
    }
  }
}

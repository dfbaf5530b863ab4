package io.aiecs.governor.bench.process;

import io.aiecs.governor.bench.hosts.FootprintHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Footprint: the two agents' jar sizes, and the heap the governor keeps in a host whose calls are spread over
 * {@code agents} logical agents, at two checkpoints (does it grow with calls?). Each checkpoint's figure is the
 * live heap after a full collection, with the governor and without, in two hosts doing the same calls; the
 * instances of the governor's own classes are counted too. Histograms are saved beside the results.
 */
final class FootprintBenchmark {
  private static final Variant[] COMPARED = {Variant.NONE, Variant.GOVERNOR};

  private final BenchSetup setup;
  private final int agents;
  private final int[] checkpoints;
  private final Path resultsDir;

  FootprintBenchmark(BenchSetup setup, int agents, int[] checkpoints, Path resultsDir) {
    this.setup = setup;
    this.agents = agents;
    this.checkpoints = checkpoints;
    this.resultsDir = resultsDir;
  }

  String run() throws InterruptedException {
    Map<Variant, Map<Integer, HeapHistogram>> heaps = new EnumMap<>(Variant.class);
    for (Variant v : COMPARED) {
      heaps.put(v, measure(v));
    }
    return table(heaps);
  }

  private Map<Integer, HeapHistogram> measure(Variant v) throws InterruptedException {
    Map<Integer, HeapHistogram> byCheckpoint = new TreeMap<>();
    List<String> jvm = new ArrayList<>();
    if (v == Variant.GOVERNOR) {
      for (int k = 0; k < agents; k++) {
        jvm.add("-Daiecs.governor.agent.agent" + k + ".match.thread=agent" + k + "-worker");
      }
    }
    String checkpointList = String.join(",", java.util.Arrays.stream(checkpoints).mapToObj(Integer::toString)
        .toList());
    HostRun[] host = new HostRun[1];
    host[0] = HostRun.start(setup, v, jvm, FootprintHost.class, List.of("baseUrl=" + setup.baseUrl(),
        "agents=" + agents, "checkpoints=" + checkpointList), line -> {
          if (!line.startsWith("CHECKPOINT ")) {
            return;
          }
          int calls = Integer.parseInt(line.split(" ")[1]);
          try {
            HeapHistogram h = HeapHistogram.of(host[0].pid());
            h.save(resultsDir.resolve("histogram-" + v.name().toLowerCase(Locale.ROOT) + "-" + calls + ".txt"));
            byCheckpoint.put(calls, h);
            System.err.printf(Locale.ROOT, "footprint %s: %s, %d calls%n", v.label, line, calls);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } finally {
            host[0].send("go");
          }
        });
    host[0].finish(1800);
    return byCheckpoint;
  }

  private String table(Map<Variant, Map<Integer, HeapHistogram>> heaps) {
    StringBuilder t = new StringBuilder();
    t.append(String.format(Locale.ROOT, "Footprint%n%n| what | aiecs-governor | OpenTelemetry agent |%n|---|---:|---:|%n"
        + "| agent jar | %s | %s |%n%n", mib(size(setup.governorJar())), mib(size(setup.otelJar()))));
    t.append(String.format(Locale.ROOT, "Live heap after a full GC, %d agents, calls spread over them (MiB)%n%n",
        agents));
    t.append("| calls | no agent | aiecs-governor | difference | governor's own objects (instances) |\n");
    t.append("|---:|---:|---:|---:|---:|\n");
    for (int c : checkpoints) {
      HeapHistogram none = heaps.get(Variant.NONE).get(c);
      HeapHistogram gov = heaps.get(Variant.GOVERNOR).get(c);
      t.append(String.format(Locale.ROOT, "| %,d | %s | %s | %s | %s (%,d) |%n", c, mib(none.totalBytes()),
          mib(gov.totalBytes()), mib(gov.totalBytes() - none.totalBytes()), mib(gov.agentBytes()),
          gov.agentInstances()));
    }
    return t.toString();
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.2f", bytes / (1024.0 * 1024.0));
  }
}

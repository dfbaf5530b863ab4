package io.aiecs.governor.bench.process;

import io.aiecs.governor.bench.hosts.OneCallHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a start's CPU goes: {@link OneCallHost} under each variant {@code runs} times (interleaved), profiled
 * whole by async-profiler (CPU samples every millisecond of CPU, all threads, collapsed stacks of the last round
 * kept in the results folder), then the samples summed by thread (the host's main thread, the JIT's compiler
 * threads, the agent's own threads) and by what the agent does (loading its classes, weaving, its start); each
 * cell the median over the runs. The JIT's threads move by a few hundred ms from run to run; the startup
 * benchmark gives the times, this says where they go.
 */
final class StartupProfile {
  /** Inclusive CPU of these frames (any thread), in the order shown. */
  private static final Map<String, String> AGENT_WORK = new LinkedHashMap<>();

  static {
    String instrumentation = "io/aiecs/governor/agent/instrumentation/";
    AGENT_WORK.put("premain (on the host's main thread)", "InstrumentationImpl.loadClassAndCallPremain");
    AGENT_WORK.put("loading the agent's classes", "io/aiecs/governor/launcher/AgentClassLoader.findClass");
    AGENT_WORK.put("weaving (the transformer, any thread)", instrumentation + "Weaver.transform");
    AGENT_WORK.put("  of which writing advice into classes", instrumentation + "AdviceWriter.write");
    AGENT_WORK.put("resolving advice", instrumentation + "Weaver$Weaving.advice");
    AGENT_WORK.put("reference checks", instrumentation + "references/ReferenceCheck");
    AGENT_WORK.put("the telemetry SDK's build", "io/aiecs/governor/shaded/io/opentelemetry/sdk/autoconfigure/");
    AGENT_WORK.put("JDK proxies generated (any caller)", "java/lang/reflect/ProxyGenerator.generateClassFile");
  }

  private final BenchSetup setup;
  private final Path library;
  private final Path results;
  private final int runs;

  StartupProfile(BenchSetup setup, Path library, Path results, int runs) {
    this.setup = setup;
    this.library = library;
    this.results = results;
    this.runs = runs;
  }

  String run() throws InterruptedException, IOException {
    List<Variant> variants = new ArrayList<>(List.of(Variant.NONE, Variant.SDK_FLOOR, Variant.GOVERNOR_NO_EXPORT,
        Variant.GOVERNOR));
    if (setup.startupVariants().contains(Variant.BASELINE)) {
      variants.add(Variant.BASELINE);
    }
    once(Variant.NONE, null); // the file cache warmed, not counted
    Map<Variant, List<Profile>> profiles = new LinkedHashMap<>();
    for (int round = 0; round < runs; round++) {
      for (Variant v : variants) {
        Path out = results.resolve("profile-" + v.name().toLowerCase(Locale.ROOT) + ".collapsed");
        once(v, out);
        profiles.computeIfAbsent(v, k -> new ArrayList<>()).add(Profile.read(out));
      }
    }
    return table(profiles, runs);
  }

  private void once(Variant v, Path out) throws InterruptedException {
    List<String> jvm = out == null ? List.of()
        : List.of("-agentpath:" + library + "=start,event=cpu,interval=1ms,threads,collapsed,file=" + out);
    HostRun.start(setup, v, jvm, OneCallHost.class, List.of("baseUrl=" + setup.baseUrl()), line -> { })
        .finish(300);
  }

  static String table(Map<Variant, List<Profile>> profiles, int runs) {
    StringBuilder t = new StringBuilder();
    t.append("Startup profile: one openai-java chat call to a local server, then exit; async-profiler, CPU ms"
        + " (samples of 1 ms of CPU), medians of " + runs + " runs per variant\n\n");
    header(t, profiles, "threads");
    for (String group : Profile.THREAD_GROUPS) {
      row(t, profiles, group, p -> p.byThread.getOrDefault(group, 0L));
    }
    row(t, profiles, "all threads", p -> p.total);
    t.append('\n');
    header(t, profiles, "the agent's work (inclusive, any thread)");
    AGENT_WORK.forEach((label, frame) -> row(t, profiles, label, p -> p.inclusive(frame)));
    t.append("\ncollapsed stacks: profile-<variant>.collapsed beside this file (flame graphs: async-profiler's"
        + " converter, or any collapsed-stack viewer)\n");
    return t.toString();
  }

  private static void header(StringBuilder t, Map<Variant, List<Profile>> profiles, String first) {
    t.append("| ").append(first).append(" |");
    profiles.keySet().forEach(v -> t.append(' ').append(v.label).append(" |"));
    t.append("\n|---|");
    profiles.keySet().forEach(v -> t.append("---:|"));
    t.append('\n');
  }

  private static void row(StringBuilder t, Map<Variant, List<Profile>> profiles, String label,
                          java.util.function.ToLongFunction<Profile> value) {
    t.append("| ").append(label).append(" |");
    profiles.values().forEach(runs -> {
      long median = (long) Stats.median(runs.stream().map(value::applyAsLong).toList()); // whole ms, as before
      t.append(' ').append(median).append(" |");
    });
    t.append('\n');
  }

  /** One collapsed-stack file: a line per distinct stack, its first frame the thread, its last field the samples. */
  record Profile(List<String> stacks, List<Long> counts, Map<String, Long> byThread, long total) {
    static final List<String> THREAD_GROUPS = List.of("main", "JIT compiler (C2)", "JIT compiler (C1)",
        "GC", "aiecs-governor-weaver-warmup", "telemetry SDK start and exit flush", "other");

    static Profile read(Path file) throws IOException {
      List<String> stacks = new ArrayList<>();
      List<Long> counts = new ArrayList<>();
      Map<String, Long> byThread = new LinkedHashMap<>();
      long total = 0;
      for (String line : Files.readAllLines(file)) {
        int space = line.lastIndexOf(' ');
        if (space < 0) {
          continue;
        }
        long n = Long.parseLong(line.substring(space + 1).trim());
        String stack = line.substring(0, space);
        stacks.add(stack);
        counts.add(n);
        byThread.merge(group(stack.substring(0, Math.max(0, stack.indexOf(';')))), n, Long::sum);
        total += n;
      }
      return new Profile(stacks, counts, byThread, total);
    }

    private static String group(String thread) {
      if (thread.startsWith("[main")) {
        return "main";
      }
      if (thread.startsWith("[C2 Compiler")) {
        return "JIT compiler (C2)";
      }
      if (thread.startsWith("[C1 Compiler")) {
        return "JIT compiler (C1)";
      }
      if (thread.startsWith("[GC") || thread.startsWith("[G1")) {
        return "GC";
      }
      if (thread.startsWith("[aiecs-governor-weaver-warmup")) {
        return "aiecs-governor-weaver-warmup";
      }
      if (thread.startsWith("[aiecs-governor-telemetry") || thread.startsWith("[sdk-floor-telemetry")) {
        return "telemetry SDK start and exit flush";
      }
      return "other";
    }

    /** Samples with {@code frame} anywhere on their stack. */
    long inclusive(String frame) {
      long n = 0;
      for (int i = 0; i < stacks.size(); i++) {
        if (stacks.get(i).contains(frame)) {
          n += counts.get(i);
        }
      }
      return n;
    }
  }
}

package io.aiecs.governor.bench.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupProfileTest {
  @TempDir
  Path dir;

  @Test
  void samplesAreSummedByThreadGroupAndByAFrameAnywhereOnTheStack() throws Exception {
    Path file = dir.resolve("p.collapsed");
    // async-profiler's collapsed form with threads: the thread first, frames root to leaf, the samples last
    Files.writeString(file, String.join("\n",
        "[main tid=1];java/lang/Thread.run;io/aiecs/governor/agent/instrumentation/Weaver.transform;x 7",
        "[main tid=1];app/Main.main 5",
        "[C2 CompilerThread0 tid=9];C2Compiler::compile_method 11",
        "[C1 CompilerThread0 tid=10];Compilation::compile 3",
        "[aiecs-governor-weaver-warmup tid=20];io/aiecs/governor/agent/instrumentation/Weaver.transform 2",
        "[aiecs-governor-telemetry-start tid=21];sdk 4",
        "[sdk-floor-telemetry-flush tid=22];sdk 2",
        "[G1 Conc#0 tid=5];gc 1",
        "[Service Thread tid=6];x 1",
        ""));
    StartupProfile.Profile p = StartupProfile.Profile.read(file);

    assertThat(p.total()).isEqualTo(36);
    assertThat(p.byThread()).containsEntry("main", 12L).containsEntry("JIT compiler (C2)", 11L)
        .containsEntry("JIT compiler (C1)", 3L).containsEntry("aiecs-governor-weaver-warmup", 2L)
        .containsEntry("telemetry SDK start and exit flush", 6L).containsEntry("GC", 1L).containsEntry("other", 1L);
    // inclusive: the transformer on the main thread and on the warm-up thread
    assertThat(p.inclusive("io/aiecs/governor/agent/instrumentation/Weaver.transform")).isEqualTo(9);
    assertThat(p.inclusive("not/on/any/Stack.frame")).isZero();
  }

  @Test
  void eachCellIsTheMedianOverTheRuns() throws Exception {
    java.util.List<StartupProfile.Profile> runs = new java.util.ArrayList<>();
    for (long mainMs : new long[] {30, 10, 20}) {
      Path file = dir.resolve("run" + mainMs + ".collapsed");
      Files.writeString(file, "[main tid=1];app/Main.main " + mainMs + "\n");
      runs.add(StartupProfile.Profile.read(file));
    }
    String table = StartupProfile.table(java.util.Map.of(Variant.NONE, runs), 3);
    assertThat(table).contains("medians of 3 runs").contains("| main | 20 |").contains("| all threads | 20 |");
  }
}

package io.aiecs.governor.bench.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which profiler samples the per-call benchmark counts as the agent's work. */
class PerCallBenchmarkTest {
  @TempDir
  Path dir;

  @Test
  void theDeepestFrameOutsideTheJdkDecidesWhoseWorkASampleIs() throws Exception {
    Path file = dir.resolve("p.collapsed");
    String host = "[main tid=1];io/aiecs/governor/bench/hosts/PairedCallHost.main;com/openai/Client.create;";
    String advice = host + "io/aiecs/governor/bootstrap/GovernorHooks.exit;";
    Files.writeString(file, String.join("\n",
        advice + "io/aiecs/governor/agent/usage/PropertyPath.read 5", // the agent's own code
        advice + "io/aiecs/governor/agent/usage/PropertyPath.read;java/lang/invoke/LambdaForm$MH.invoke 3", // JDK for it
        advice + "io/aiecs/governor/shaded/io/opentelemetry/sdk/Histogram.record;Unsafe_Park 2", // relocated + JVM
        advice + "io/aiecs/governor/agent/usage/PropertyPath.read;com/openai/Usage.promptTokens 7", // the client's
        host + "okio/Buffer.read 11", // the client alone
        advice + "io/aiecs/governor/agent/streams/TrackedStreams$Following.tryAdvance;"
            + "java/util/stream/StreamSpliterators$WrappingSpliterator.tryAdvance;itable stub 13", // client's pipeline
        "[aiecs-governor-stream-cleaner tid=7];java/lang/ref/ReferenceQueue.remove 1", // the agent's thread
        "[PeriodicMetricReader-1 tid=8];io/aiecs/governor/shaded/io/opentelemetry/sdk/Reader.collect 4",
        "[C2 CompilerThread0 tid=9];C2Compiler::compile_method 17",
        ""));
    StartupProfile.Profile p = StartupProfile.Profile.read(file);

    assertThat(PerCallBenchmark.agentSamples(p, "[main")).isEqualTo(5 + 3 + 2);
    assertThat(PerCallBenchmark.agentSamples(p, "[")).isEqualTo(5 + 3 + 2 + 1 + 4);
  }
}

package io.aiecs.governor.bench.hotpath;

import com.openai.core.ObjectMappers;
import com.openai.models.chat.completions.ChatCompletion;
import io.aiecs.governor.agent.instrumentation.openai.OpenAiInstrumentationModule;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading a real openai-java {@code ChatCompletion}'s usage and tool calls with the openai module's own chat shape,
 * caches warm: what a read costs when nothing else runs between two (in a governed host, profiled by
 * {@code run.sh percall}, each read costs over ten times as much). A diagnostic, not part of {@code run.sh hotpath}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class UsageReadingBenchmark {
  @State(Scope.Thread)
  public static class Response {
    ChatCompletion completion;
    long seen;

    @Setup
    public void setUp() throws Exception {
      completion = ObjectMappers.jsonMapper().readValue("{\"id\":\"c1\",\"object\":\"chat.completion\","
          + "\"created\":1,\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"finish_reason\":\"stop\","
          + "\"message\":{\"role\":\"assistant\",\"content\":\"Hello\",\"refusal\":null}}],"
          + "\"usage\":{\"prompt_tokens\":400,\"completion_tokens\":200,\"total_tokens\":600,"
          + "\"prompt_tokens_details\":{\"cached_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0}}}",
          ChatCompletion.class);
    }
  }

  @Benchmark
  public long read(Response r) {
    r.seen = 0;
    OpenAiInstrumentationModule.CHAT_USAGE.read(r.completion, (in, out, total, cached, reasoning) ->
        r.seen = in + out + total);
    return r.seen;
  }
}

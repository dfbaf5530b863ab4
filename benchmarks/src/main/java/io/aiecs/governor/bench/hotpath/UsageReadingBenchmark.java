package io.aiecs.governor.bench.hotpath;

import com.openai.core.ObjectMappers;
import com.openai.models.chat.completions.ChatCompletion;
import io.aiecs.governor.agent.usage.UsageShape;
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
 * Reading a real openai-java {@code ChatCompletion}'s usage and tool calls the way the agent does (the openai
 * module's chat shape), with the caches warm and after the host has walked 16 MiB of memory (as a call's HTTP and
 * JSON work does between two readings). A diagnostic, not part of {@code run.sh hotpath}; {@code thrashOnly} is the
 * walk alone, to subtract.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class UsageReadingBenchmark {
  static final UsageShape CHAT_USAGE = UsageShape.of("usage", "promptTokens", "completionTokens", "totalTokens",
      "promptTokensDetails.cachedTokens", "completionTokensDetails.reasoningTokens")
      .withToolCallsRequested("choices.message.toolCalls");

  @State(Scope.Thread)
  public static class Response {
    ChatCompletion completion;
    long[] memory = new long[2 * 1024 * 1024];
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

    long thrash() {
      long sum = 0;
      for (int i = 0; i < memory.length; i += 8) { // one long per 64-byte line
        sum += memory[i]++;
      }
      return sum;
    }
  }

  @Benchmark
  public long read(Response r) {
    r.seen = 0;
    CHAT_USAGE.read(r.completion, (in, out, total, cached, reasoning) -> r.seen = in + out + total);
    return r.seen;
  }

  @Benchmark
  public long readAfterThrash(Response r) {
    return r.thrash() + read(r);
  }

  @Benchmark
  public long thrashOnly(Response r) {
    return r.thrash();
  }
}

package io.aiecs.governor.bench.hosts;

import com.openai.client.OpenAIClient;
import java.util.Arrays;

/**
 * The per-call host: {@code warmup} calls, then {@code calls} timed ones, one after the other on one thread;
 * prints the latency distribution of the timed calls in nanoseconds, and the CPU time the whole process used
 * while making them (what the calls cost the host's cores, the agent's work included, whatever its thread).
 */
public final class CallLoopHost {
  public static void main(String[] argv) {
    HostArgs args = new HostArgs(argv);
    boolean stream = args.get("mode", "sync").equals("stream");
    int warmup = args.getInt("warmup", 2_000);
    int calls = args.getInt("calls", 10_000);
    OpenAIClient client = Chat.client(args.get("baseUrl"));
    long sink = 0;
    for (int i = 0; i < warmup; i++) {
      sink += Chat.call(client, stream);
    }
    long[] nanos = new long[calls];
    long cpuBefore = ProcessCpu.millis();
    for (int i = 0; i < calls; i++) {
      long t0 = System.nanoTime();
      sink += Chat.call(client, stream);
      nanos[i] = System.nanoTime() - t0;
    }
    long cpuMillis = ProcessCpu.millis() - cpuBefore;
    client.close();
    Arrays.sort(nanos);
    System.out.println("LATENCY_NS p50=" + nanos[calls / 2] + " p90=" + nanos[(int) (calls * 0.90)]
        + " p99=" + nanos[(int) (calls * 0.99)] + " mean=" + Arrays.stream(nanos).sum() / calls);
    System.out.println("CPU_MS " + cpuMillis);
    System.out.println("TOKENS " + sink);
    System.exit(0);
  }
}

package io.aiecs.governor.it.hosts;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import io.aiecs.governor.Governor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Makes one call with little heap in use, then retains {@code retainMb} MiB, collects, and calls again; then
 * drops it, collects, and calls a third time.
 */
public final class MemoryHost {
  private static List<byte[]> retained = new ArrayList<>();

  public static void main(String[] argv) throws Exception {
    Map<String, String> a = Args.parse(argv);
    int retainMb = Integer.parseInt(a.get("retainMb"));
    OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(a.get("baseUrl")).apiKey("k").maxRetries(0).build();
    call(client);
    for (int i = 0; i < retainMb * 4; i++) {
      retained.add(new byte[256 * 1024]); // below G1's humongous size, so it packs like ordinary data
    }
    System.gc();
    awaitMeasured(used -> used >= retainMb);
    call(client);
    retained = new ArrayList<>();
    System.gc();
    awaitMeasured(used -> used < retainMb / 2);
    call(client);
    HostOutput.statusOfAllAgents();
    client.close();
  }

  /** GC notifications arrive on a JVM service thread shortly after the collection: wait for the governor to see it. */
  private static void awaitMeasured(java.util.function.LongPredicate ok) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!ok.test(Governor.status("default").memoryUsedMb()) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  private static void call(OpenAIClient client) {
    try {
      HostOutput.ok(OpenAiHost.call(client, "sync-chat"));
    } catch (Throwable t) {
      HostOutput.failed(t);
    }
  }
}

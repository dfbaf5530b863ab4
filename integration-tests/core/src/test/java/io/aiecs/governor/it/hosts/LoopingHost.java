package io.aiecs.governor.it.hosts;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A long-running host, started without the agent: calls the server every {@code periodMillis} from thread
 * {@code loop-0} until the file {@code stopFile} appears (or a minute passes), then prints the status.
 */
public final class LoopingHost {
  public static void main(String[] argv) throws Exception {
    Map<String, String> a = Args.parse(argv);
    Path stop = Path.of(a.get("stopFile"));
    long period = Long.parseLong(a.getOrDefault("periodMillis", "25"));
    OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(a.get("baseUrl")).apiKey("k").maxRetries(0).build();
    Thread loop = new Thread(() -> {
      long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
      System.out.println("READY " + ProcessHandle.current().pid());
      System.out.flush();
      while (!Files.exists(stop) && System.nanoTime() < end) {
        try {
          HostOutput.ok(OpenAiHost.call(client, "sync-chat"));
        } catch (Throwable t) {
          HostOutput.failed(t);
        }
        try {
          TimeUnit.MILLISECONDS.sleep(period);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "loop-0");
    loop.start();
    loop.join();
    HostOutput.statusOfAllAgents();
    client.close();
  }
}

package io.aiecs.governor.it.hosts;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.RateLimitException;
import java.util.Map;

/**
 * A host whose own code handles the SDK's rate limits the way applications do: it catches openai-java's
 * {@code RateLimitException} (thrown once the SDK's own retries, {@code retries}, are spent) and reports it.
 *
 * <p>Arguments, {@code key=value}: {@code baseUrl}, {@code calls}, {@code retries} (the SDK's {@code maxRetries}),
 * {@code api} (as {@link OpenAiHost}: sync-chat, stream-chat, async-chat, ...). Prints per call a {@code CALL} line
 * ({@code OK <tokens>}, or {@code RATE_LIMITED <status> <retry-after> <retry-after-ms>} for the SDK's exception)
 * and a {@code TIME <thread> <ms>} line, then the governor's {@code STATUS}.
 */
public final class ClientRetryHost {
  public static void main(String[] argv) throws Exception {
    Map<String, String> a = Args.parse(argv);
    String api = a.getOrDefault("api", "sync-chat");
    int calls = Integer.parseInt(a.getOrDefault("calls", "1"));
    OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(a.get("baseUrl")).apiKey("test-key")
        .maxRetries(Integer.parseInt(a.getOrDefault("retries", "2"))).build();
    for (int i = 0; i < calls; i++) {
      long began = System.nanoTime();
      try {
        HostOutput.ok(OpenAiHost.call(client, api));
      } catch (RateLimitException e) {
        rateLimited(e);
      } catch (java.util.concurrent.CompletionException e) {
        if (e.getCause() instanceof RateLimitException r) {
          rateLimited(r);
        } else {
          HostOutput.failed(e);
        }
      } catch (Throwable e) {
        HostOutput.failed(e);
      }
      System.out.println("TIME " + Thread.currentThread().getName() + " " + (System.nanoTime() - began) / 1_000_000);
    }
    HostOutput.statusOfAllAgents();
    client.close();
  }

  private static void rateLimited(RateLimitException e) {
    System.out.println("CALL " + Thread.currentThread().getName() + " RATE_LIMITED " + e.statusCode() + " "
        + e.headers().values("retry-after").stream().findFirst().orElse("none") + " "
        + e.headers().values("retry-after-ms").stream().findFirst().orElse("none") + " "
        + (e.getCause() == null ? "no-cause" : e.getCause().getClass().getSimpleName()));
    System.out.flush();
  }
}

package io.aiecs.governor.it;

import static io.aiecs.governor.it.HostProcess.host;
import static org.assertj.core.api.Assertions.assertThat;

import io.aiecs.governor.it.hosts.ClientRetryHost;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code reject-as=client} handled by the SDK's own retry: an openai-java call refused by the governor is not thrown
 * at the service method but answered, attempt by attempt at the SDK's transport, with a 429 that openai-java's own
 * retry loop backs off from and retries; the host's code only ever sees what the SDK gives it. The same for async
 * calls and streams: their attempts ({@code executeAsync}) run on the SDK's threads, and the 429 is a future's.
 */
class ClientRetryIT extends ServerObservedTest {

  @Test
  void aRefusedCallSucceedsAfterTheSdksOwnRetryOnceTheBudgetRefills() throws Exception {
    refusedThenRetried("sync-chat");
  }

  @Test
  void aRefusedBlockingStreamSucceedsAfterTheSdksOwnRetryToo() throws Exception {
    refusedThenRetried("stream-chat");
  }

  @Test
  void aRefusedAsyncCallSucceedsAfterTheSdksOwnAsyncRetry() throws Exception {
    refusedThenRetried("async-chat");
  }

  @Test
  void aRefusedAsyncStreamSucceedsAfterTheSdksOwnAsyncRetry() throws Exception {
    refusedThenRetried("stream-chat-async");
  }

  /**
   * 6000 tokens a minute (100 a second); the first call costs 6050, so the budget is 50 in debt: the second call is
   * refused with a retry-after of about half a second, which the SDK sleeps before its retry is admitted.
   */
  private void refusedThenRetried(String api) throws Exception {
    HostProcess h = twoCallsRefusedAsClient(api, 6000);

    assertThat(server.totalTokensSent()).as(api).isEqualTo(2 * 6050);
    h.assertRefusedOnceThenRetried("default", 2, server.requestCount(), served());
    List<Long> times = h.stdout().stream().filter(l -> l.startsWith("TIME ")).map(l -> Long.parseLong(l.split(" ")[2]))
        .toList();
    assertThat(times.get(1)).as("the SDK slept the refusal's retry-after-ms (~500 ms) before retrying")
        .isGreaterThanOrEqualTo(400L);
  }

  /** Two calls of 6050 tokens each (the SDK retries twice) under a budget refused as the client's 429. */
  private HostProcess twoCallsRefusedAsClient(String api, long tokensPerMinute) throws Exception {
    server.usage(6000, 50);
    return host(ClientRetryHost.class).args("baseUrl=" + server.baseUrl(), "api=" + api, "calls=2", "retries=2")
        .governor("max-tokens-per-minute", tokensPerMinute)
        .governor("reject-on-limit", true)
        .governor("reject-as", "client")
        .run();
  }

  @Test
  void whenTheSdksRetriesAreSpentTheHostCatchesTheSdksOwnRateLimitException() throws Exception {
    retriesSpent("sync-chat");
  }

  @Test
  void whenTheSdksAsyncRetriesAreSpentTheFutureFailsWithTheSdksOwnRateLimitException() throws Exception {
    retriesSpent("async-chat");
  }

  @Test
  void whenTheSdksAsyncRetriesOfAStreamAreSpentItEndsWithTheSdksOwnRateLimitException() throws Exception {
    retriesSpent("stream-chat-async");
  }

  /**
   * 100 tokens a minute, the first call costs 6050: the refusal's retry-after is about an hour, beyond what the SDK
   * honours, so it backs off by its own schedule (~0.5 s, ~1 s) and gives up after its two retries. An async call's
   * exception arrives through its future ({@code CompletionException}), which the host unwraps.
   */
  private void retriesSpent(String api) throws Exception {
    HostProcess h = twoCallsRefusedAsClient(api, 100);

    List<String[]> calls = h.calls();
    assertThat(calls).as(api).extracting(c -> c[2]).containsExactly("OK", "RATE_LIMITED");
    String[] limited = calls.get(1);
    assertThat(limited[3]).as("the SDK's RateLimitException, from its own error handler").isEqualTo("429");
    assertThat(Long.parseLong(limited[4])).as("retry-after, seconds").isGreaterThan(60);
    assertThat(Long.parseLong(limited[5])).as("retry-after-ms").isGreaterThan(60_000);
    assertThat(limited[6]).as("built by the SDK from the 429, not by the governor").isEqualTo("no-cause");
    assertThat(server.requestCount()).as("only the first call reached the server").isEqualTo(1);
    assertThat(h.statusLong("default", "rejected"))
        .as("each of the SDK's three attempts was refused: the refusal went to its retry loop").isEqualTo(3);
    assertThat(server.totalTokensSent()).isEqualTo(6050);
    h.assertChargedOnceAndReleased("default", 1, served());
  }
}

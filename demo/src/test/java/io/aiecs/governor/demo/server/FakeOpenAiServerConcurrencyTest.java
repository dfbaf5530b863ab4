package io.aiecs.governor.demo.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hold mode lets a test pile up concurrent requests deterministically and read the server's concurrency. */
class FakeOpenAiServerConcurrencyTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private FakeOpenAiServer server;
  private OpenAIClient client;

  @BeforeEach
  void start() {
    server = new FakeOpenAiServer().start();
    client = OpenAIOkHttpClient.builder().baseUrl(server.baseUrl()).apiKey("test-key").maxRetries(0).build();
  }

  @AfterEach
  void stop() {
    server.releaseHeld();
    client.close();
    server.close();
  }

  private CompletableFuture<ChatCompletion> asyncCall() {
    return client.async().chat().completions().create(ChatCompletionCreateParams.builder()
        .model("gpt-4o-mini").addUserMessage("hi").putAdditionalHeader(FakeOpenAiServer.AGENT_HEADER, "pile")
        .build());
  }

  @Test
  void heldAsyncCallsPileUpAndAllCompleteOnRelease() throws Exception {
    int n = 5; // OkHttp's async dispatcher runs at most 5 requests per host at once
    server.holdRequests();
    List<CompletableFuture<ChatCompletion>> calls = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      calls.add(asyncCall());
    }

    assertThat(server.awaitInFlight(n, WAIT)).isTrue();
    assertThat(server.awaitHeld(n, WAIT)).isTrue();
    assertThat(server.heldRequests()).isEqualTo(n);
    assertThat(calls).noneMatch(CompletableFuture::isDone);
    assertThat(server.maxConcurrentInFlight()).isEqualTo(n);

    server.releaseHeld();
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);

    assertThat(server.inFlight()).isZero();
    assertThat(server.maxConcurrentInFlight()).isEqualTo(n);
    assertThat(server.requestsByAgent()).containsEntry("pile", (long) n);
    List<RequestRecord> log = server.requestLog();
    assertThat(log).hasSize(n);
    // all n were on the server at the same time
    assertThat(log).allSatisfy(a -> assertThat(log).allMatch(b -> a == b || a.overlaps(b)));
  }

  @Test
  void releasingSomeHeldRequestsLetsExactlyThatManyThrough() throws Exception {
    server.holdRequests();
    List<CompletableFuture<ChatCompletion>> calls = List.of(asyncCall(), asyncCall(), asyncCall());
    assertThat(server.awaitInFlight(3, WAIT)).isTrue();

    server.releaseHeld(1);
    CompletableFuture.anyOf(calls.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);

    assertThat(server.requestLog()).hasSize(1);
    assertThat(server.inFlight()).isEqualTo(2);
    assertThat(calls.stream().filter(CompletableFuture::isDone)).hasSize(1);

    server.releaseHeld();
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(server.requestLog()).hasSize(3);
  }

  @Test
  void awaitInFlightTimesOutWhenTooFewArrive() {
    server.holdRequests();
    CompletableFuture<ChatCompletion> call = asyncCall();

    assertThat(server.awaitInFlight(1, WAIT)).isTrue();
    assertThat(server.awaitInFlight(2, Duration.ofMillis(200))).isFalse();

    server.releaseHeld();
    assertThat(call.join().choices()).hasSize(1);
  }

  @Test
  void theServerItselfNeverCapsConcurrency() throws Exception {
    // sync calls from plain threads are not subject to OkHttp's async per-host cap
    int n = 12;
    server.holdRequests();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Thread t = new Thread(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
          .model("gpt-4o-mini").addUserMessage("hi").build()), "caller-" + i);
      t.start();
      threads.add(t);
    }

    assertThat(server.awaitInFlight(n, WAIT)).isTrue();
    server.releaseHeld();
    for (Thread t : threads) {
      t.join(WAIT.toMillis());
    }
    assertThat(threads).noneMatch(Thread::isAlive);
    assertThat(server.maxConcurrentInFlight()).isEqualTo(n);
    assertThat(server.requestCount()).isEqualTo(n);
  }
}

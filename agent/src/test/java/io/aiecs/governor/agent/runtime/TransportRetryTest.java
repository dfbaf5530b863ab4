package io.aiecs.governor.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aiecs.governor.ResourceLimitExceededException;
import io.aiecs.governor.agent.attribution.AgentResolver;
import io.aiecs.governor.agent.config.AgentLimits;
import io.aiecs.governor.agent.config.RejectAs;
import io.aiecs.governor.agent.limits.AgentLimiter;
import io.aiecs.governor.agent.limits.FakeTimeSource;
import io.aiecs.governor.agent.usage.UsageShape;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * {@code reject-as=client} for a client that retries by itself: a call refused at its method goes on into the client,
 * whose attempts are each admitted at its transport; a refused attempt is answered with the client's own 429.
 */
class TransportRetryTest {
  /** The 429 the transport answers a refused attempt with, standing for the SDK's own {@code HttpResponse}. */
  record Answer429(Duration retryAfter) {}

  private final FakeTimeSource time = new FakeTimeSource();
  private final CallSiteRegistry sites = new CallSiteRegistry();
  private final int chat = sites.register("sdk", "chat", CallGovernorTest.RESPONSE_USAGE);
  private final int chatAsync = sites.register("sdk", "chat-async", CallGovernorTest.RESPONSE_USAGE);
  private final List<ResourceLimitExceededException> answered = new ArrayList<>();
  private final int transport = sites.registerAttemptTransport((self, decision) -> {
    answered.add(decision);
    return new Answer429(decision.retryAfter());
  });
  private final List<String> rejections = new ArrayList<>();
  /** An async client's transport ({@code executeAsync}): its answers are futures. */
  private final int asyncTransport = sites.registerAsyncAttemptTransport((self, decision) -> {
    answered.add(decision);
    return new Answer429(decision.retryAfter());
  });
  private final int retriedAsync = sites.register("sdk", "chat-retried-async", CallGovernorTest.RESPONSE_USAGE);
  private final int streamAsync = sites.register("sdk", "chat-stream-async", CallGovernorTest.RESPONSE_USAGE);
  /** What the async stream's tracker was given to report to. */
  private final List<StreamingCall> tracked = new ArrayList<>();

  {
    sites.retryAtTransport(chat, transport);
    sites.attemptTransportWoven(transport);
    sites.retryAtTransport(retriedAsync, asyncTransport);
    sites.retryAtTransport(streamAsync, asyncTransport);
    sites.attemptTransportWoven(asyncTransport);
    sites.registerTracker(streamAsync, (stream, call) -> {
      tracked.add(call);
      return "tracked " + stream;
    });
    sites.registerClientRejection("sdk", (client, decision) -> new IllegalStateException("sdk 429", decision));
  }

  private final AgentLimiter limiter = new AgentLimiter("default", limits(RejectAs.CLIENT), time);
  private final CallGovernor governor = governorOf(limiter);

  private static AgentLimits limits(RejectAs rejectAs) {
    return new AgentLimits(2, 100, AgentLimits.UNLIMITED, 100, true, true, Duration.ofSeconds(1),
        AgentLimits.UNLIMITED, AgentLimits.UNLIMITED, AgentLimits.UNLIMITED, null, AgentLimits.NO_THROTTLING, rejectAs);
  }

  private CallGovernor governorOf(AgentLimiter agent) {
    Map<String, AgentLimiter> limiters = Map.of("default", agent);
    CallObserver counting = new CallObserver() {
      @Override
      public void admitted(GovernedCall call) {}

      @Override
      public void rejected(CallSite site, String agentId, ResourceLimitExceededException decision, long waitNanos) {
        rejections.add(site.operation());
      }

      @Override
      public void completed(GovernedCall call) {}
    };
    return new CallGovernor(limiters, null, new AgentResolver<>(List.of(), "default", limiters::get), sites, time,
        counting);
  }

  /** Spends 150 of the 100 tokens a minute: the budget is 50 in debt, refilled after about 30 s. */
  private void exhaustBudget() {
    Object token = governor.enter(chat, "client", "first");
    assertThat(token).isInstanceOf(CallPermit.class);
    governor.exit(token, new CallGovernorTest.Response(100, 50), null);
  }

  /**
   * What a Stainless SDK's {@code RetryingHttpClient} does below the call's method: an attempt; on a 429 it sleeps
   * the answer's retry-after ({@code backoff} decides how much of it passes on the clock) and tries again, at most
   * {@code maxRetries} times. Returns how many attempts went to the wire (0 or 1), and counts every attempt.
   */
  private int sdkRetryLoop(int maxRetries, java.util.function.Function<Duration, Long> backoffMillis, int[] attempts) {
    for (int attempt = 0; attempt <= maxRetries; attempt++) {
      attempts[0]++;
      Object answer = governor.attempt(transport, "okhttp-client");
      if (answer == null) {
        return 1; // sent
      }
      assertThat(answer).isInstanceOf(Answer429.class);
      time.advanceMillis(backoffMillis.apply(((Answer429) answer).retryAfter()));
    }
    return 0;
  }

  @Test
  void aRefusedCallIsRetriedByTheClientAndAdmittedOnceTheBudgetRefills() {
    exhaustBudget();
    Object token = governor.enter(chat, "client", "second");
    assertThat(token).as("not thrown at the method: the client goes on").isInstanceOf(RetriedCall.class);
    assertThat(limiter.availablePermits()).as("nothing held while refused").isEqualTo(2);

    int[] attempts = {0};
    int sent = sdkRetryLoop(2, retryAfter -> retryAfter.toMillis(), attempts);

    assertThat(sent).isEqualTo(1);
    assertThat(attempts[0]).as("refused once, admitted on the client's retry").isEqualTo(2);
    assertThat(answered).hasSize(1);
    assertThat(answered.get(0).retryAfter()).isPositive();
    assertThat(limiter.availablePermits()).as("the admitted attempt holds the call's permit").isEqualTo(1);
    assertThat(governor.attempt(transport, "okhttp-client"))
        .as("a later attempt (the client retrying a 5xx) belongs to the admitted call").isNull();

    assertThat(governor.exit(token, new CallGovernorTest.Response(10, 5), null)).isNull();
    assertThat(limiter.availablePermits()).isEqualTo(2);
    assertThat(limiter.status().totalTokens()).as("charged once").isEqualTo(150 + 15);
    assertThat(limiter.status().admittedCalls()).isEqualTo(2);
    assertThat(limiter.status().rejectedCalls()).isEqualTo(1);
    assertThat(rejections).as("one rejection decision per refused attempt").containsExactly("chat");
  }

  @Test
  void whenTheClientsRetriesAreSpentEveryAttemptWasAnsweredAndNothingIsHeld() {
    exhaustBudget();
    Object token = governor.enter(chat, "client", "second");
    int[] attempts = {0};
    int sent = sdkRetryLoop(2, retryAfter -> 500L, attempts); // the client backs off less than it is told

    assertThat(sent).isZero();
    assertThat(attempts[0]).isEqualTo(3);
    assertThat(answered).as("each attempt answered with a 429").hasSize(3);
    assertThat(limiter.status().rejectedCalls()).as("each refused attempt is a rejection").isEqualTo(3);
    assertThat(rejections).hasSize(3);
    // the client throws its own exception, built from the last 429: the call ends with it unchanged
    assertThat(governor.exit(token, null, new IllegalStateException("sdk's RateLimitException"))).isNull();
    assertThat(limiter.availablePermits()).isEqualTo(2);
    assertThat(limiter.status().admittedCalls()).isEqualTo(1);
    assertThat(limiter.status().activeTasks()).isZero();

    Object next = governor.enter(chat, "client", "third");
    assertThat(next).as("the thread is left clean: the next call is a call of its own").isInstanceOf(RetriedCall.class);
    assertThat(governor.exit(next, null, new IllegalStateException("sdk's RateLimitException"))).isNull();
  }

  @Test
  void aStreamRetriedByTheClientIsTrackedWithThePermitItsAttemptGot() {
    exhaustBudget();
    Object token = governor.enter(chat, "client", "stream");
    time.advanceMillis(60_000);
    assertThat(governor.attempt(transport, "okhttp-client")).as("the method's refusal answers attempt 1").isNotNull();
    assertThat(governor.attempt(transport, "okhttp-client")).as("refilled: admitted").isNull();

    Object returned = governor.track(token, new CallGovernorTest.Response(3, 4)); // no tracker: settled on return
    assertThat(returned).isInstanceOf(CallGovernorTest.Response.class);
    assertThat(limiter.availablePermits()).isEqualTo(2);
    assertThat(limiter.status().totalTokens()).isEqualTo(150 + 7);
  }

  @Test
  void callsTheClientDoesNotRetryHereAndGovernorStyleRefusalsAreThrownAtTheMethodAsBefore() {
    exhaustBudget();
    Object async = governor.enter(chatAsync, "client", "async");
    assertThat(async).as("an async call: the SDK's exception, thrown by the advice")
        .isInstanceOfSatisfying(IllegalStateException.class, e -> assertThat(e).hasMessage("sdk 429"));
    assertThat(governor.attempt(transport, "okhttp-client")).as("outside a retried call: sent").isNull();

    AgentLimiter governorStyle = new AgentLimiter("default", limits(RejectAs.GOVERNOR), time);
    CallGovernor g = governorOf(governorStyle);
    g.exit(g.enter(chat, "client", "first"), new CallGovernorTest.Response(100, 50), null);
    assertThatThrownBy(() -> g.enter(chat, "client", "second")).isInstanceOf(ResourceLimitExceededException.class);
    assertThat(g.attempt(transport, "okhttp-client")).isNull();
  }

  @Test
  void anAttemptTheClientShouldNotSleepOnIsTheClientsExceptionAtOnce() {
    int declining = sites.registerAttemptTransport((self, decision) -> null); // e.g. a retry-after of an hour
    int other = sites.register("sdk", "chat-declining-transport", CallGovernorTest.RESPONSE_USAGE);
    sites.retryAtTransport(other, declining);
    sites.attemptTransportWoven(declining);
    exhaustBudget();
    Object token = governor.enter(other, "client", "second");

    assertThat(token).isInstanceOf(RetriedCall.class);
    assertThat(governor.attempt(declining, "okhttp-client"))
        .as("no 429 for the client to sleep on: its own exception, thrown from the transport at once")
        .isInstanceOfSatisfying(IllegalStateException.class, e -> assertThat(e).hasMessage("sdk 429"));
    assertThat(governor.exit(token, null, new IllegalStateException("sdk 429"))).isNull();
    assertThat(limiter.availablePermits()).isEqualTo(2);
  }

  @Test
  void whileTheClientsTransportIsNotWovenTheRefusalIsThrownAtTheMethod() {
    int unwoven = sites.registerAttemptTransport((self, decision) -> new Answer429(decision.retryAfter()));
    int other = sites.register("sdk", "chat-other-transport", CallGovernorTest.RESPONSE_USAGE);
    sites.retryAtTransport(other, unwoven);
    exhaustBudget();

    assertThat(governor.enter(other, "client", "second"))
        .as("its attempts would go out unseen: the SDK's exception at the method, as before")
        .isInstanceOfSatisfying(IllegalStateException.class, e -> assertThat(e).hasMessage("sdk 429"));
    sites.attemptTransportWoven(unwoven);
    Object token = governor.enter(other, "client", "third");
    assertThat(token).isInstanceOf(RetriedCall.class);
    governor.exit(token, null, new IllegalStateException("sdk's RateLimitException"));
  }

  @Test
  void anAttemptRefusedByAGovernorStyleProcessScopeIsThrownFromTheTransport() {
    AgentLimiter process = new AgentLimiter("global", new AgentLimits(1, AgentLimits.UNLIMITED,
        AgentLimits.UNLIMITED, AgentLimits.UNLIMITED, true, true, Duration.ofSeconds(1)), time);
    Map<String, AgentLimiter> limiters = Map.of("default", limiter);
    CallGovernor g = new CallGovernor(limiters, process, new AgentResolver<>(List.of(), "default", limiters::get),
        sites, time, CallObserver.NOOP);
    g.exit(g.enter(chat, "client", "first"), new CallGovernorTest.Response(100, 50), null);
    Object token = g.enter(chat, "client", "second"); // refused by the agent, which has reject-as=client
    assertThat(token).isInstanceOf(RetriedCall.class);
    assertThat(g.attempt(transport, "okhttp-client")).isInstanceOf(Answer429.class);
    time.advanceMillis(60_000);
    Object[] held = new Object[1];
    Thread other = new Thread(() -> held[0] = g.enter(chatAsync, "client", "holds the global slot"));
    other.start();
    join(other);

    assertThatThrownBy(() -> g.attempt(transport, "okhttp-client"))
        .as("the process-wide scope (reject-as=governor) refused: its own exception")
        .isInstanceOfSatisfying(ResourceLimitExceededException.class, e -> assertThat(e.agentId()).isEqualTo("global"));
    assertThat(g.exit(token, null, new IllegalStateException("thrown through the client"))).isNull();
    ((CallPermit) held[0]).settle(null, null);
    assertThat(limiter.availablePermits()).isEqualTo(2);
    assertThat(process.availablePermits()).isEqualTo(1);
  }

  /**
   * An async SDK's attempt on one of its own threads, where the call's context was carried ({@code context}, taken
   * on the calling thread as the executor advice does): what the transport advice would return.
   */
  private Object attemptOnClientThread(Object context) {
    Object[] answer = new Object[1];
    Thread client = new Thread(() -> {
      Object previous = governor.resumeTask(context);
      try {
        answer[0] = governor.attempt(asyncTransport, "okhttp-client");
      } finally {
        governor.resumeTask(previous);
      }
      answer[0] = answer[0] == null && governor.attempt(asyncTransport, "okhttp-client") != null
          ? "the context outlived the work" : answer[0];
    });
    client.start();
    join(client);
    return answer[0];
  }

  @Test
  void anAsyncCallIsRetriedOnTheClientsThreadsAndSettledWhenTheCallersFutureCompletes() {
    exhaustBudget();
    Object token = governor.enter(retriedAsync, "client", "async");
    assertThat(token).as("not refused at the method: the SDK's async retry loop goes on").isInstanceOf(RetriedCall.class);
    Object context = governor.currentTask();
    assertThat(context).as("the call goes with work handed to the SDK's threads").isNotNull();
    CompletableFuture<Object> library = new CompletableFuture<>();
    Object seen = governor.track(token, library);
    assertThat(seen).isInstanceOf(CompletableFuture.class).isNotSameAs(library);
    assertThat(governor.attempt(asyncTransport, "okhttp-client")).as("the calling thread is left").isNull();

    Object first = attemptOnClientThread(context);
    assertThat(first).as("a completed future of the SDK's 429").isInstanceOfSatisfying(CompletableFuture.class,
        f -> assertThat(f.getNow(null)).isInstanceOf(Answer429.class));
    time.advanceMillis(((Answer429) ((CompletableFuture<?>) first).join()).retryAfter().toMillis());
    assertThat(attemptOnClientThread(context)).as("refilled: admitted, sent").isNull();
    assertThat(limiter.availablePermits()).as("the admitted attempt holds the call's permit").isEqualTo(1);
    assertThat(attemptOnClientThread(context)).as("a later attempt belongs to the admitted call").isNull();
    assertThat(((CompletableFuture<?>) seen)).isNotDone();

    library.complete(new CallGovernorTest.Response(10, 5));
    assertThat(((CompletableFuture<?>) seen).join()).isInstanceOf(CallGovernorTest.Response.class);
    assertThat(limiter.availablePermits()).isEqualTo(2);
    assertThat(limiter.status().totalTokens()).as("charged once").isEqualTo(150 + 15);
    assertThat(limiter.status().admittedCalls()).isEqualTo(2);
    assertThat(limiter.status().rejectedCalls()).isEqualTo(1);
  }

  @Test
  void whenAnAsyncCallsRetriesAreSpentItsFutureFailsWithTheClientsExceptionAndNothingIsHeld() {
    exhaustBudget();
    Object token = governor.enter(retriedAsync, "client", "async");
    Object context = governor.currentTask();
    CompletableFuture<Object> library = new CompletableFuture<>();
    CompletableFuture<?> seen = (CompletableFuture<?>) governor.track(token, library);
    for (int attempt = 0; attempt < 3; attempt++) {
      assertThat(attemptOnClientThread(context)).isInstanceOf(CompletableFuture.class);
      time.advanceMillis(500); // the SDK backs off less than it is told
    }
    assertThat(limiter.status().rejectedCalls()).as("each refused attempt is a rejection").isEqualTo(3);
    IllegalStateException sdks = new IllegalStateException("sdk's RateLimitException");
    library.completeExceptionally(sdks);
    assertThat(seen).isCompletedExceptionally();
    assertThatThrownBy(seen::join).hasCause(sdks);
    assertThat(limiter.availablePermits()).isEqualTo(2);

    time.advanceMillis(60_000);
    assertThat(attemptOnClientThread(context)).as("the call has ended: a late attempt is not admitted for it").isNull();
    assertThat(limiter.availablePermits()).isEqualTo(2);
    assertThat(limiter.status().admittedCalls()).isEqualTo(1);
  }

  @Test
  void anAsyncStreamRetriedByTheClientIsChargedThroughThePermitItsAttemptGot() {
    exhaustBudget();
    Object token = governor.enter(streamAsync, "client", "stream");
    Object context = governor.currentTask();
    assertThat(governor.track(token, "async stream")).isEqualTo("tracked async stream");
    StreamingCall call = tracked.get(0);
    assertThat(call.isSettled()).isFalse();

    assertThat(attemptOnClientThread(context)).isInstanceOf(CompletableFuture.class);
    time.advanceMillis(60_000);
    assertThat(attemptOnClientThread(context)).isNull();
    assertThat(limiter.availablePermits()).isEqualTo(1);
    call.element(new CallGovernorTest.Response(3, 4));
    call.complete();
    assertThat(call.isSettled()).isTrue();
    assertThat(limiter.availablePermits()).isEqualTo(2);
    assertThat(limiter.status().totalTokens()).isEqualTo(150 + 7);
  }

  @Test
  void anAsyncAttemptTheClientShouldNotSleepOnIsAFutureFailedWithTheClientsException() {
    int declining = sites.registerAsyncAttemptTransport((self, decision) -> null); // e.g. a retry-after of an hour
    int other = sites.register("sdk", "chat-declining-async", CallGovernorTest.RESPONSE_USAGE);
    sites.retryAtTransport(other, declining);
    sites.attemptTransportWoven(declining);
    exhaustBudget();
    Object token = governor.enter(other, "client", "async");
    assertThat(token).isInstanceOf(RetriedCall.class);

    Object answer = governor.attempt(declining, "okhttp-client");
    assertThat(answer).as("not thrown from executeAsync: the future fails, where the SDK's async loop looks")
        .isInstanceOfSatisfying(CompletableFuture.class, f -> assertThatThrownBy(f::join)
            .cause().isInstanceOf(IllegalStateException.class).hasMessage("sdk 429"));
    CompletableFuture<Object> library = new CompletableFuture<>();
    CompletableFuture<?> seen = (CompletableFuture<?>) governor.track(token, library);
    library.completeExceptionally(new IllegalStateException("sdk 429"));
    assertThat(seen).isCompletedExceptionally();
    assertThat(limiter.availablePermits()).isEqualTo(2);
  }

  private static void join(Thread t) {
    try {
      t.join();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}

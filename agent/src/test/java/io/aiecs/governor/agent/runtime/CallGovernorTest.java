package io.aiecs.governor.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aiecs.governor.Limit;
import io.aiecs.governor.ResourceLimitExceededException;
import io.aiecs.governor.agent.attribution.AgentResolver;
import io.aiecs.governor.agent.config.AgentLimits;
import io.aiecs.governor.agent.limits.AgentLimiter;
import io.aiecs.governor.agent.limits.FakeTimeSource;
import io.aiecs.governor.agent.limits.TimeSource;
import io.aiecs.governor.agent.usage.UsageShape;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CallGovernorTest {
  /** A response shaped like the OpenAI SDK's: {@code usage()} returns an Optional. */
  public static final class Response {
    private final Usage usage;

    Response(long prompt, long completion) {
      this.usage = new Usage(prompt, completion);
    }

    public Optional<Usage> usage() {
      return Optional.ofNullable(usage);
    }
  }

  public record Usage(long promptTokens, long completionTokens) {
    public long totalTokens() {
      return promptTokens + completionTokens;
    }
  }

  static final UsageShape RESPONSE_USAGE =
      UsageShape.of("usage", "promptTokens", "completionTokens", "totalTokens", null, null);

  private final CallSiteRegistry sites = new CallSiteRegistry();
  private final int site = sites.register("test", "chat",
      UsageShape.of("usage", "promptTokens", "completionTokens", "totalTokens", null, null));
  /** The limiters' and the governor's clock: token refill moves only when a test says so. */
  private final FakeTimeSource time = new FakeTimeSource();
  private final AgentLimiter limiter = new AgentLimiter("default",
      new AgentLimits(2, 10_000, AgentLimits.UNLIMITED, 10_000, true, true, Duration.ofSeconds(1)), time);
  private final AgentLimiter worker = new AgentLimiter("worker",
      new AgentLimits(1, AgentLimits.UNLIMITED, AgentLimits.UNLIMITED, AgentLimits.UNLIMITED, true, true,
          Duration.ofSeconds(1)), time);
  private final CallGovernor governor = governor();

  private CallGovernor governor() {
    Map<String, AgentLimiter> limiters = new LinkedHashMap<>();
    limiters.put("default", limiter);
    limiters.put("worker", worker);
    var resolver = new AgentResolver<>(List.of(new AgentResolver.Rule("worker", Pattern.compile("worker-.*"))),
        "default", limiters::get);
    return new CallGovernor(limiters, null, resolver, sites, time, CallObserver.NOOP);
  }

  @Test
  void returnChargesTheReportedUsageAndReleases() {
    Object token = governor.enter(site, null, "request");
    assertThat(limiter.status().activeTasks()).isEqualTo(1);

    governor.exit(token, new Response(30, 12), null);

    assertThat(limiter.status().activeTasks()).isZero();
    assertThat(limiter.availablePermits()).isEqualTo(2);
    assertThat(limiter.status().inputTokens()).isEqualTo(30);
    assertThat(limiter.status().outputTokens()).isEqualTo(12);
    assertThat(limiter.status().tokensLeftPerMinute()).isEqualTo(10_000 - 42);
  }

  @Test
  void aCallInFlightIsCarriedToWorkItHandsToAPoolThread() throws Exception {
    java.util.List<Object> seenByTransport = new java.util.ArrayList<>();
    int transport = sites.registerTransport((call, deadline) -> seenByTransport.add(call));
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
    pool.submit(() -> { }).get(); // its thread exists before the call: it inherits nothing
    Object token = governor.enter(site, null, "request");
    Object carried = governor.currentTask();
    assertThat(carried).as("a call is in flight: there is something to carry").isNotNull();

    CompletableFuture.runAsync(() -> {
      Object before = governor.resumeTask(carried);
      // an HTTP call made here belongs to the call (no deadline set: nothing applied, but nothing refused)
      assertThat(governor.httpCall(transport, "okhttp call")).isNull();
      // a new SDK-level call made here is a call of its own, not swallowed as nested
      Object own = governor.enter(site, null, "another request");
      assertThat(own).isInstanceOf(CallPermit.class);
      governor.exit(own, new Response(1, 1), null);
      assertThat(governor.currentTask()).as("the carried call is current again").isNotNull();
      governor.resumeTask(before);
      assertThat(governor.currentTask()).as("the pool thread is left as it was").isNull();
    }, pool).join();
    pool.shutdown();

    governor.exit(token, new Response(30, 12), null);
    assertThat(governor.currentTask()).as("nothing in flight any more").isNull();
    assertThat(limiter.availablePermits()).isEqualTo(2);
  }

  @Test
  void theCallersFutureCompletesOnlyAfterTheCallIsSettled() {
    CompletableFuture<Object> library = new CompletableFuture<>();
    library.thenRun(() -> { }); // the library's own stages come first, as in a real SDK
    Object token = governor.enter(site, null, "request");
    @SuppressWarnings("unchecked")
    CompletableFuture<Object> callers = (CompletableFuture<Object>) governor.track(token, library);
    int[] permitsSeen = {-1};
    long[] inputSeen = {-1};
    callers.thenRun(() -> {
      permitsSeen[0] = limiter.availablePermits();
      inputSeen[0] = limiter.status().inputTokens();
    });

    library.complete(new Response(30, 12));

    assertThat(permitsSeen[0]).as("the permit was back when the caller saw the result").isEqualTo(2);
    assertThat(inputSeen[0]).as("and the usage charged").isEqualTo(30);
  }

  @Test
  void cancellingTheCallersFutureCancelsTheLibrarysAndReleases() {
    CompletableFuture<Object> library = new CompletableFuture<>();
    Object token = governor.enter(site, null, "request");
    CompletableFuture<?> callers = (CompletableFuture<?>) governor.track(token, library);

    callers.cancel(true);

    assertThat(library).isCancelled();
    assertThat(limiter.availablePermits()).isEqualTo(2);
  }

  @Test
  void exceptionReleasesWithoutCharging() {
    Object token = governor.enter(site, null, "request");
    governor.exit(token, null, new IllegalStateException("boom"));
    assertThat(limiter.availablePermits()).isEqualTo(2);
    assertThat(limiter.status().totalTokens()).isZero();
  }

  @Test
  void asyncCallHoldsItsPermitUntilTheFutureCompletes() {
    CompletableFuture<Response> future = new CompletableFuture<>();
    Object token = governor.enter(site, null, "request");
    governor.exit(token, future, null);
    assertThat(limiter.status().activeTasks()).as("still in flight").isEqualTo(1);

    future.complete(new Response(5, 5));

    assertThat(limiter.availablePermits()).isEqualTo(2);
    assertThat(limiter.status().totalTokens()).isEqualTo(10);
  }

  @Test
  void asyncFailureAndCancellationRelease() {
    CompletableFuture<Response> failing = new CompletableFuture<>();
    governor.exit(governor.enter(site, null, "r"), failing, null);
    CompletableFuture<Response> cancelled = new CompletableFuture<>();
    governor.exit(governor.enter(site, null, "r"), cancelled, null);
    assertThat(limiter.availablePermits()).isZero();

    failing.completeExceptionally(new RuntimeException("down"));
    cancelled.cancel(true);

    assertThat(limiter.availablePermits()).isEqualTo(2);
    assertThat(cancelled).isCompletedExceptionally();
    assertThatThrownBy(cancelled::join).isInstanceOf(CancellationException.class);
  }

  @Test
  void asyncMethodThatThrowsReleasesAtOnce() {
    Object token = governor.enter(site, null, "r");
    governor.exit(token, null, new IllegalArgumentException("bad params"));
    assertThat(limiter.availablePermits()).isEqualTo(2);
  }

  @Test
  void aCallNestedInAGovernedCallOnTheSameThreadIsAdmittedAndChargedOnce() {
    Object outer = governor.enter(site, null, "outer");
    Object inner = governor.enter(site, null, "inner");
    assertThat(limiter.status().admittedCalls()).isEqualTo(1);
    governor.exit(inner, new Response(100, 100), null);
    assertThat(limiter.status().activeTasks()).as("inner exit settles nothing").isEqualTo(1);
    governor.exit(outer, new Response(100, 100), null);

    assertThat(limiter.status().totalTokens()).isEqualTo(200);
    assertThat(limiter.availablePermits()).isEqualTo(2);

    Object next = governor.enter(site, null, "next");
    assertThat(limiter.status().admittedCalls()).as("depth back to zero").isEqualTo(2);
    governor.exit(next, null, null);
  }

  @Test
  void callsAreAttributedByThreadName() throws Exception {
    Object[] token = new Object[1];
    Thread t = new Thread(() -> token[0] = governor.enter(site, null, "r"), "worker-7");
    t.start();
    t.join();
    assertThat(worker.status().activeTasks()).isEqualTo(1);
    assertThat(limiter.status().activeTasks()).isZero();
    governor.exit(token[0], null, null);
    assertThat(worker.availablePermits()).isEqualTo(1);
  }

  @Test
  void aRefusalHoldsNothing() throws Exception {
    Object a = enterOnAnotherThread();
    Object b = enterOnAnotherThread();
    assertThatThrownBy(() -> governor.enter(site, null, "r"))
        .isInstanceOfSatisfying(ResourceLimitExceededException.class,
            e -> assertThat(e.limit()).isEqualTo(Limit.CONCURRENT_TASKS));
    assertThat(limiter.status().activeTasks()).isEqualTo(2);
    ((CallPermit) a).settle(null, null);
    ((CallPermit) b).settle(null, null);
    assertThat(limiter.availablePermits()).isEqualTo(2);

    Object c = governor.enter(site, null, "r");
    assertThat(c).as("the refusal left this thread's depth untouched").isInstanceOf(CallPermit.class);
    governor.exit(c, null, null);
  }

  /** Enters on a fresh thread, so that this thread's nesting depth stays at zero. */
  private Object enterOnAnotherThread() throws Exception {
    Object[] token = new Object[1];
    Thread t = new Thread(() -> token[0] = governor.enter(site, null, "r"));
    t.start();
    t.join();
    return token[0];
  }

  @Test
  void settlingTwiceReleasesOnce() {
    Object token = governor.enter(site, null, "r");
    governor.exit(token, new Response(1, 1), null);
    ((CallPermit) token).settle(new Response(1, 1), null);
    assertThat(limiter.availablePermits()).isEqualTo(2);
    assertThat(limiter.status().totalTokens()).isEqualTo(2);
  }

  @Test
  void theObserverSeesEveryDecisionAndEveryCompletedCallWithItsUsage() throws Exception {
    var events = new java.util.concurrent.CopyOnWriteArrayList<String>();
    CallObserver observer = new CallObserver() {
      @Override
      public void admitted(GovernedCall call) {
        events.add("admitted " + call.agentId() + " " + call.site().operation() + " " + call.request());
      }

      @Override
      public void rejected(CallSite s, String agentId, ResourceLimitExceededException decision, long waitNanos) {
        events.add("rejected " + agentId + " " + decision.limit());
      }

      @Override
      public void completed(GovernedCall call) {
        events.add("completed " + call.agentId() + " in=" + call.inputTokens() + " out=" + call.outputTokens()
            + " total=" + call.totalTokens() + " error=" + (call.error() == null ? "-" : call.error().getMessage())
            + " ended=" + (call.endNanos() >= call.startNanos()));
      }
    };
    Map<String, AgentLimiter> limiters = Map.of("default", worker);
    CallGovernor observed = new CallGovernor(limiters, null,
        new AgentResolver<>(List.of(), "default", limiters::get), sites, time, observer);

    Object token = observed.enter(site, null, "req-1");
    assertThatThrownBy(() -> enterOn(observed)).isInstanceOf(ResourceLimitExceededException.class);
    observed.exit(token, new Response(3, 4), null);
    observed.exit(observed.enter(site, null, "req-2"), null, new IllegalStateException("down"));

    assertThat(events).containsExactly(
        "admitted worker chat req-1",
        "rejected worker CONCURRENT_TASKS",
        "completed worker in=3 out=4 total=7 error=- ended=true",
        "admitted worker chat req-2",
        "completed worker in=-1 out=-1 total=-1 error=down ended=true");
  }

  private Object enterOn(CallGovernor g) throws Exception {
    Object[] token = new Object[1];
    RuntimeException[] failure = new RuntimeException[1];
    Thread t = new Thread(() -> {
      try {
        token[0] = g.enter(site, null, "other");
      } catch (RuntimeException e) {
        failure[0] = e;
      }
    });
    t.start();
    t.join();
    if (failure[0] != null) {
      throw failure[0];
    }
    return token[0];
  }

  @Test
  void statusOfAnUnknownAgentNamesTheKnownOnes() {
    assertThatThrownBy(() -> governor.status("nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("default", "worker");
    assertThat(governor.agentIds()).containsExactly("default", "worker");
  }

  @Test
  void withRejectAsClientTheLibrarysOwnExceptionIsReturnedForTheAdviceToThrow() throws Exception {
    CallSiteRegistry registry = new CallSiteRegistry();
    int chat = registry.register("test", "chat", UsageShape.of("usage", null, null, null, null, null));
    registry.registerClientRejection("test",
        (client, decision) -> new IllegalStateException("429 from " + client + ": " + decision.limit(), decision));
    AgentLimiter clientStyle = new AgentLimiter("default", new AgentLimits(1, AgentLimits.UNLIMITED,
        AgentLimits.UNLIMITED, AgentLimits.UNLIMITED, true, true, Duration.ofSeconds(1), AgentLimits.UNLIMITED,
        AgentLimits.UNLIMITED, AgentLimits.UNLIMITED, null, AgentLimits.NO_THROTTLING,
        io.aiecs.governor.agent.config.RejectAs.CLIENT), TimeSource.SYSTEM);
    Map<String, AgentLimiter> limiters = Map.of("default", clientStyle);
    CallGovernor g = new CallGovernor(limiters, null, new AgentResolver<>(List.of(), "default", limiters::get),
        registry, TimeSource.SYSTEM, CallObserver.NOOP);

    Object held = enterOn(g, chat);
    Object refusal = g.enter(chat, "the-client", "r");

    assertThat(refusal).isInstanceOfSatisfying(IllegalStateException.class, e -> {
      assertThat(e).hasMessage("429 from the-client: CONCURRENT_TASKS");
      assertThat(e.getCause()).isInstanceOf(ResourceLimitExceededException.class);
    });
    assertThat(clientStyle.status().rejectedCalls()).isEqualTo(1);
    ((CallPermit) held).settle(null, null);
  }

  private Object enterOn(CallGovernor g, int siteId) throws Exception {
    Object[] token = new Object[1];
    Thread t = new Thread(() -> token[0] = g.enter(siteId, null, "r"));
    t.start();
    t.join();
    return token[0];
  }
}

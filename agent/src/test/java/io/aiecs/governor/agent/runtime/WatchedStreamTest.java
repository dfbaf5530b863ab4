package io.aiecs.governor.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiecs.governor.TaskTimeoutException;
import io.aiecs.governor.agent.attribution.AgentResolver;
import io.aiecs.governor.agent.config.AgentLimits;
import io.aiecs.governor.agent.limits.AgentLimiter;
import io.aiecs.governor.agent.limits.TimeSource;
import io.aiecs.governor.agent.streams.WatchedStreams;
import io.aiecs.governor.agent.usage.UsageShape;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Streams that are a library's own class (shaped like google-genai's {@code ResponseStream}: an Iterable class
 * with its own iterator and a close), watched rather than wrapped. The advice's part is played by calling the
 * runtime's {@code streamEnter}/{@code streamExit} around each method, as the woven code does.
 */
class WatchedStreamTest {
  public record Usage(Optional<Integer> promptTokenCount, Optional<Integer> candidatesTokenCount) {}

  public record Chunk(Optional<Usage> usageMetadata) {}

  /** Like ResponseStream: a class (cannot be proxied as itself) handing out one iterator. */
  public static final class FakeResponseStream implements Iterable<Chunk>, AutoCloseable {
    private final Iterator<Chunk> iterator;

    FakeResponseStream(List<Chunk> chunks) {
      this.iterator = chunks.iterator();
    }

    @Override
    public Iterator<Chunk> iterator() {
      return iterator;
    }

    @Override
    public void close() {}
  }

  private final CallSiteRegistry sites = new CallSiteRegistry();
  private final int site = sites.register("test", "generate_content",
      UsageShape.of("usageMetadata", "promptTokenCount", "candidatesTokenCount", null, null, null));
  private final AgentLimiter limiter = new AgentLimiter("default",
      new AgentLimits(1, 10_000, AgentLimits.UNLIMITED, 10_000, true, true, Duration.ofSeconds(1)), TimeSource.SYSTEM);
  private final CallGovernor governor = new CallGovernor(Map.of("default", limiter),
      new AgentResolver<>(List.of(), "default", Map.of("default", limiter)::get), sites);

  {
    sites.registerTracker(site, WatchedStreams.ITERABLE);
  }

  private static Chunk chunk(int prompt, int candidates) {
    return new Chunk(Optional.of(new Usage(Optional.of(prompt), Optional.of(candidates))));
  }

  private FakeResponseStream start(FakeResponseStream wire) {
    Object token = governor.enter(site, null, "gemini");
    Object returned = governor.track(token, wire);
    assertThat(returned).as("the application gets the library's own object").isSameAs(wire);
    return wire;
  }

  /** Iterates as woven code would: every hasNext/next reported with its result. */
  private void readAll(FakeResponseStream stream) {
    Iterator<Chunk> it = stream.iterator();
    while (hasNext(it)) {
      next(it);
    }
  }

  private boolean hasNext(Iterator<Chunk> it) {
    Object token = governor.streamEnter(it);
    boolean more = it.hasNext();
    governor.streamExit(token, WatchedStreams.HAS_NEXT, more, null);
    return more;
  }

  private Chunk next(Iterator<Chunk> it) {
    Object token = governor.streamEnter(it);
    Chunk c = it.next();
    governor.streamExit(token, WatchedStreams.ELEMENT, c, null);
    return c;
  }

  private void close(FakeResponseStream stream) {
    Object token = governor.streamEnter(stream);
    stream.close();
    governor.streamExit(token, WatchedStreams.CLOSE, null, null);
  }

  @Test
  void holdsThePermitUntilTheIteratorRunsOutAndChargesTheLargestRunningFigures() {
    FakeResponseStream stream = start(new FakeResponseStream(List.of(chunk(40, 5), chunk(40, 12), chunk(40, 20))));
    assertThat(limiter.availablePermits()).isZero();

    readAll(stream);

    assertThat(limiter.availablePermits()).isEqualTo(1);
    assertThat(limiter.status().inputTokens()).isEqualTo(40);
    assertThat(limiter.status().outputTokens()).isEqualTo(20);
    close(stream); // after the end: nothing more
    assertThat(limiter.status().admittedCalls()).isEqualTo(1);
    assertThat(limiter.status().outputTokens()).isEqualTo(20);
  }

  @Test
  void closingBeforeTheEndReleasesAndChargesWhatArrived() {
    FakeResponseStream stream = start(new FakeResponseStream(List.of(chunk(40, 5), chunk(40, 12), chunk(40, 20))));
    Iterator<Chunk> it = stream.iterator();
    hasNext(it);
    next(it);

    close(stream);

    assertThat(limiter.availablePermits()).isEqualTo(1);
    assertThat(limiter.status().outputTokens()).isEqualTo(5);
  }

  @Test
  void theLibrarysOwnCallsFromInsideTheIteratorPassThrough() {
    FakeResponseStream stream = start(new FakeResponseStream(List.of(chunk(1, 1))));
    Iterator<Chunk> it = stream.iterator();
    Object token = governor.streamEnter(it);
    // e.g. a continuation request the iterator makes: nested in this call, not admitted again
    Object inner = governor.enter(site, null, "gemini");
    assertThat(inner).isNotInstanceOf(CallPermit.class);
    governor.track(inner, null);
    governor.streamExit(token, WatchedStreams.HAS_NEXT, true, null);
    assertThat(limiter.status().admittedCalls()).isEqualTo(1);
  }

  @Test
  void aFailureWhileReadingReleasesThePermit() {
    FakeResponseStream stream = start(new FakeResponseStream(List.of(chunk(1, 1))));
    Object token = governor.streamEnter(stream.iterator());
    Throwable instead = governor.streamExit(token, WatchedStreams.ELEMENT, null, new IllegalStateException("cut"));
    assertThat(instead).isNull();
    assertThat(limiter.availablePermits()).isEqualTo(1);
  }

  @Test
  void aFutureOfAStreamIsWatchedOnceItArrives() {
    CompletableFuture<FakeResponseStream> future = new CompletableFuture<>();
    Object token = governor.enter(site, null, "gemini");
    CompletableFuture<?> returned = (CompletableFuture<?>) governor.track(token, future);
    FakeResponseStream stream = new FakeResponseStream(List.of(chunk(3, 4)));
    // whoever waits on the returned future sees the stream only once it is watched
    CompletableFuture<Boolean> watchedWhenSeen = returned.thenApply(WatchedStreams::isWatched);
    future.complete(stream);
    assertThat(returned.join()).isSameAs(stream);
    assertThat(watchedWhenSeen.join()).isTrue();
    assertThat(limiter.availablePermits()).isZero();

    readAll(stream);

    assertThat(limiter.availablePermits()).isEqualTo(1);
    assertThat(limiter.status().totalTokens()).isEqualTo(7);
  }

  @Test
  void aFailedFutureReleasesThePermit() {
    CompletableFuture<FakeResponseStream> future = new CompletableFuture<>();
    governor.track(governor.enter(site, null, "gemini"), future);
    future.completeExceptionally(new TaskTimeoutException("default", Duration.ofSeconds(1)));
    assertThat(limiter.availablePermits()).isEqualTo(1);
  }

  @Test
  void anAsyncResultIsChargedAndReleasedBeforeTheCallerSeesIt() {
    int async = sites.register("test", "generate_content_async",
        UsageShape.of("usageMetadata", "promptTokenCount", "candidatesTokenCount", null, null, null));
    sites.registerTracker(async, io.aiecs.governor.agent.streams.FutureResults.SETTLED_FIRST);
    CompletableFuture<Chunk> wire = new CompletableFuture<>();
    CompletableFuture<?> returned = (CompletableFuture<?>) governor.track(governor.enter(async, null, "gemini"), wire);
    CompletableFuture<Integer> permitsWhenSeen = returned.thenApply(r -> limiter.availablePermits());
    CompletableFuture<Long> chargedWhenSeen = returned.thenApply(r -> limiter.status().totalTokens());

    wire.complete(chunk(30, 12));

    assertThat(permitsWhenSeen.join()).isEqualTo(1);
    assertThat(chargedWhenSeen.join()).isEqualTo(42);
  }

  @Test
  void cancellingTheReturnedFutureCancelsTheLibrarysAndReleases() {
    int async = sites.register("test", "generate_content_async",
        UsageShape.of("usageMetadata", "promptTokenCount", "candidatesTokenCount", null, null, null));
    sites.registerTracker(async, io.aiecs.governor.agent.streams.FutureResults.SETTLED_FIRST);
    CompletableFuture<Chunk> wire = new CompletableFuture<>();
    CompletableFuture<?> returned = (CompletableFuture<?>) governor.track(governor.enter(async, null, "gemini"), wire);

    returned.cancel(true);

    assertThat(wire.isCancelled()).isTrue();
    assertThat(limiter.availablePermits()).isEqualTo(1);
  }

  @Test
  void objectsNobodyWatchesAreLeftAlone() {
    FakeResponseStream unwatched = new FakeResponseStream(List.of(chunk(1, 1)));
    assertThat(governor.streamEnter(unwatched.iterator())).isNull();
    assertThat(governor.streamEnter(unwatched)).isNull();
  }
}

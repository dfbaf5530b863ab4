package io.aiecs.governor.agent.streams;

import io.aiecs.governor.agent.runtime.StreamTracker;
import io.aiecs.governor.agent.runtime.StreamingCall;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * Futures whose outcome the governor must see before anyone else does. A callback added to a library's future
 * with {@code whenComplete} runs after the ones added later (a {@link CompletableFuture} fires its dependents
 * last-in first-out), so the caller's {@code join()} or a library's own {@code thenCompose} (Google GenAI's async
 * function-calling loop) could see the result while the call still holds its permit and is not yet charged: the
 * next call would wait for a permit that is only released after it, or be admitted on a budget not yet charged.
 * The application gets a dependent future instead, completed only after the governor has seen the outcome;
 * cancelling it cancels the library's.
 */
public final class FutureResults {
  private FutureResults() {}

  /**
   * A future that completes like {@code source}, after {@code first} has seen its value or failure;
   * {@code first} returns the failure to deliver instead (e.g. a task timeout), or null.
   */
  public static CompletableFuture<Object> seenFirst(CompletableFuture<?> source,
                                                    BiFunction<Object, Throwable, Throwable> first) {
    CompletableFuture<Object> seen = new CompletableFuture<>();
    source.whenComplete((value, failure) -> {
      Throwable instead = null;
      try {
        instead = first.apply(value, failure);
      } catch (RuntimeException | Error fault) {
        // the governor's own fault must not keep the result from the application
      }
      if (failure != null) {
        seen.completeExceptionally(instead != null ? instead : failure);
      } else {
        seen.complete(value);
      }
    });
    seen.whenComplete((value, failure) -> {
      if (seen.isCancelled()) {
        source.cancel(true);
      }
    });
    return seen;
  }

  /**
   * For async calls advised as streams: the call is settled (usage read from the future's value with the site's
   * shape) before the future the application holds completes. A value that is no future settles at once.
   */
  public static final StreamTracker SETTLED_FIRST = (value, call) -> {
    if (value instanceof CompletableFuture<?> future) {
      return seenFirst(future, (result, failure) -> settle(call, result, failure));
    }
    settle(call, value, null);
    return value;
  };

  private static Throwable settle(StreamingCall call, Object result, Throwable failure) {
    if (failure != null) {
      return call.fail(failure);
    }
    call.element(result);
    call.complete();
    return null;
  }
}

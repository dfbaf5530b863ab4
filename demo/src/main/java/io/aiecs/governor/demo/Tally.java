package io.aiecs.governor.demo;

import io.aiecs.governor.ResourceLimitExceededException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** One agent's calls as the application saw them: made, succeeded, refused by the governor, failed otherwise. */
final class Tally {
  private final AtomicLong calls = new AtomicLong();
  private final AtomicLong succeeded = new AtomicLong();
  private final AtomicLong tokens = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final Map<String, AtomicLong> byException = new ConcurrentHashMap<>();
  private final AtomicReference<String> firstRejection = new AtomicReference<>();
  private final AtomicReference<String> firstFailure = new AtomicReference<>();

  void attempted() {
    calls.incrementAndGet();
  }

  /** A call that returned; {@code totalTokens} is the usage its response reported. */
  void succeeded(long totalTokens) {
    succeeded.incrementAndGet();
    tokens.addAndGet(totalTokens);
  }

  /** Counts a failed call: a rejection if the governor's exception is anywhere in the cause chain. */
  void failed(Throwable t) {
    Throwable rejection = rejectionIn(t);
    Throwable counted = rejection != null ? rejection : t;
    byException.computeIfAbsent(counted.getClass().getSimpleName(), k -> new AtomicLong()).incrementAndGet();
    if (rejection != null) {
      rejected.incrementAndGet();
      firstRejection.compareAndSet(null, rejection.getMessage());
    } else {
      failed.incrementAndGet();
      firstFailure.compareAndSet(null, t.getClass().getName() + ": " + t.getMessage());
    }
  }

  // Matched by name too: the check must not depend on which class loader defined the governor's API.
  private static Throwable rejectionIn(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ResourceLimitExceededException
          || c.getClass().getName().equals(ResourceLimitExceededException.class.getName())) {
        return c;
      }
    }
    return null;
  }

  long calls() {
    return calls.get();
  }

  long succeededCount() {
    return succeeded.get();
  }

  long tokens() {
    return tokens.get();
  }

  long rejected() {
    return rejected.get();
  }

  long failedCount() {
    return failed.get();
  }

  Map<String, Long> byException() {
    Map<String, Long> copy = new TreeMap<>();
    byException.forEach((k, v) -> copy.put(k, v.get()));
    return copy;
  }

  String firstRejection() {
    return firstRejection.get();
  }

  String firstFailure() {
    return firstFailure.get();
  }
}

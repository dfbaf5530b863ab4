package io.aiecs.governor.agent.limits;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Smooths admissions once a budget is used beyond its throttle threshold: instead of letting callers burst the
 * rest of the budget and then hit a hard stop, each admission gets the next slot, spaced by the time the
 * budget needs to earn back one average call. Lock-free: one CAS per throttled admission.
 */
final class ThrottleSchedule {
  private final AtomicLong nextSlot = new AtomicLong(Long.MIN_VALUE);

  /**
   * How long this admission must wait for its slot; 0 below the threshold.
   *
   * @param callCost the units an average call takes (tokens per call, or 1 for tool calls)
   */
  long delayNanos(TokenBudget budget, double threshold, double callCost, long now) {
    double used = 1.0 - (double) budget.left(now) / budget.capacity();
    if (used < threshold) {
      return 0;
    }
    long interval = (long) (Math.max(1.0, callCost) / budget.refillPerSecond() * 1e9);
    while (true) {
      long next = nextSlot.get();
      long slot = Math.max(now, next);
      if (nextSlot.compareAndSet(next, slot + interval)) {
        return slot - now;
      }
    }
  }
}

package io.aiecs.governor.agent.runtime;

import io.aiecs.governor.agent.limits.AgentLimiter;
import io.aiecs.governor.agent.usage.UsageShape;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.BiConsumer;

/**
 * One admitted call in flight: what it holds and where its usage goes. Settled exactly once, whichever of
 * return, exception or future completion comes first; later settlements are ignored. Doubles as the
 * {@code whenComplete} callback of an async call and as the sink of its usage, so a call costs this one object.
 */
final class CallPermit implements BiConsumer<Object, Throwable>, UsageShape.UsageSink {
  private static final AtomicIntegerFieldUpdater<CallPermit> SETTLED =
      AtomicIntegerFieldUpdater.newUpdater(CallPermit.class, "settled");

  private final CallSite site;
  private final AgentLimiter limiter;
  private final boolean heldPermit;
  private volatile int settled;

  CallPermit(CallSite site, AgentLimiter limiter, boolean heldPermit) {
    this.site = site;
    this.limiter = limiter;
    this.heldPermit = heldPermit;
  }

  /** Charges the usage of {@code result} (if any) and gives the permit back; only the first call counts. */
  void settle(Object result, Throwable thrown) {
    if (!SETTLED.compareAndSet(this, 0, 1)) {
      return;
    }
    try {
      if (result != null && thrown == null) {
        site.usage().read(result, this);
      }
    } finally {
      limiter.release(heldPermit);
    }
  }

  boolean isSettled() {
    return settled != 0;
  }

  @Override
  public void accept(Object result, Throwable thrown) {
    settle(result, thrown);
  }

  @Override
  public void usage(long input, long output, long total, long cached, long reasoning) {
    limiter.charge(input, output, total, cached, reasoning);
  }
}

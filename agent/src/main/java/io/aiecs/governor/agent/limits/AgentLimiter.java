package io.aiecs.governor.agent.limits;

import io.aiecs.governor.Limit;
import io.aiecs.governor.ResourceLimitExceededException;
import io.aiecs.governor.ResourceStatus;
import io.aiecs.governor.agent.config.AgentLimits;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The limits of one agent and the admission decision over them: token budget first (it needs no permit), then
 * the concurrency gate. Enforce or monitor, reject or wait with a deadline, as the agent's limits say.
 *
 * <p>Per agent, never global: two agents never contend on the same lock or counter.
 */
public final class AgentLimiter {
  private final String agentId;
  private final TimeSource time;
  private final ConcurrencyGate gate;
  // Changeable at run time (JMX, a second attach); each admission reads them once.
  private volatile AgentLimits limits;
  private volatile TokenBudget budget;

  private final AtomicInteger waiting = new AtomicInteger();
  private final LongAdder admitted = new LongAdder();
  private final LongAdder waited = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder wouldReject = new LongAdder();
  private final LongAdder inputTokens = new LongAdder();
  private final LongAdder outputTokens = new LongAdder();
  private final LongAdder totalTokens = new LongAdder();
  private final LongAdder cachedTokens = new LongAdder();
  private final LongAdder reasoningTokens = new LongAdder();

  public AgentLimiter(String agentId, AgentLimits limits, TimeSource time) {
    this.agentId = agentId;
    this.limits = limits;
    this.time = time;
    this.budget = TokenBudget.of(limits.maxTokensPerMinute(), limits.maxTokensPerHour(), limits.tokenBurstSize(), time);
    this.gate = new ConcurrencyGate(limits.maxConcurrentTasks());
  }

  /**
   * Applies new limits. Tasks in flight keep their permits; new tasks see the new limits. What is left of the
   * token budget (or owed) carries over, capped at the new burst size.
   */
  public synchronized void reconfigure(AgentLimits newLimits) {
    TokenBudget current = budget;
    if (current == null || !current.reconfigure(newLimits.maxTokensPerMinute(), newLimits.maxTokensPerHour(),
        newLimits.tokenBurstSize())) {
      budget = TokenBudget.of(newLimits.maxTokensPerMinute(), newLimits.maxTokensPerHour(),
          newLimits.tokenBurstSize(), time);
    }
    gate.resize(newLimits.maxConcurrentTasks());
    limits = newLimits;
  }

  public String agentId() {
    return agentId;
  }

  public AgentLimits limits() {
    return limits;
  }

  /**
   * Admits one task or throws {@link ResourceLimitExceededException}. Returns the {@link Admission} flags, to be
   * handed back to {@link #release(int)} exactly once.
   */
  public int acquire() {
    return acquire(time.nanoTime());
  }

  /**
   * As {@link #acquire()}, with the wait deadline counted from {@code startNanos}: when a call passes several
   * scopes, each one's wait timeout runs from the same moment, so the call never waits longer than the
   * largest of them in total.
   */
  public int acquire(long startNanos) {
    AgentLimits limits = this.limits;
    TokenBudget budget = this.budget;
    if (!limits.enforceLimits()) {
      int flags = Admission.GRANTED;
      if ((budget != null && !budget.available()) || gate.full()) {
        wouldReject.increment();
        flags |= Admission.WOULD_REJECT;
      }
      gate.enterUnchecked();
      admitted.increment();
      return flags;
    }
    boolean hadToWait = false;
    long deadline = 0;
    if (budget != null && !budget.available()) {
      if (limits.rejectOnLimit()) {
        throw reject(budget.exhaustedLimit(), budget.nanosUntilAvailable(), "token budget spent");
      }
      deadline = startNanos + limits.resourceWaitTimeout().toNanos();
      waitForTokens(budget, deadline);
      hadToWait = true;
    }
    if (!gate.tryEnter()) {
      if (limits.rejectOnLimit()) {
        throw reject(Limit.CONCURRENT_TASKS, 0, gate.active() + " of " + gate.max() + " tasks running");
      }
      if (!hadToWait) {
        deadline = startNanos + limits.resourceWaitTimeout().toNanos();
      }
      waitForPermit(deadline, limits);
      hadToWait = true;
    }
    admitted.increment();
    if (hadToWait) {
      waited.increment();
      return Admission.GRANTED | Admission.HELD | Admission.WAITED;
    }
    return Admission.GRANTED | Admission.HELD;
  }

  /** Gives back what {@link #acquire()} took; nothing for flags of a scope that was never asked (0). */
  public void release(int admission) {
    if (Admission.granted(admission)) {
      gate.exit(Admission.held(admission));
    }
  }

  /**
   * This scope admitted a call that another scope then refused: it counts as refused, not admitted, here too
   * (so that admitted + rejected still adds up to the calls that asked).
   */
  public void refusedElsewhere() {
    admitted.decrement();
    rejected.increment();
  }

  /** Charges the usage a response reported; negative values mean "not reported". */
  public void charge(long input, long output, long total, long cached, long reasoning) {
    long charged = total >= 0 ? total : Math.max(0, input) + Math.max(0, output);
    if (input > 0) {
      inputTokens.add(input);
    }
    if (output > 0) {
      outputTokens.add(output);
    }
    if (cached > 0) {
      cachedTokens.add(cached);
    }
    if (reasoning > 0) {
      reasoningTokens.add(reasoning);
    }
    if (charged > 0) {
      totalTokens.add(charged);
      TokenBudget b = budget;
      if (b != null) {
        b.charge(charged);
      }
    }
  }

  private void waitForTokens(TokenBudget budget, long deadline) {
    waiting.incrementAndGet();
    try {
      while (!budget.available()) {
        long refill = budget.nanosUntilAvailable();
        long remaining = deadline - time.nanoTime();
        // Tokens only come back with time: when the refill lies beyond the deadline, waiting cannot help,
        // so fail now (as Resilience4j's RateLimiter does) rather than hold the caller for nothing.
        if (refill > remaining) {
          throw reject(budget.exhaustedLimit(), refill,
              "refill needs " + Duration.ofNanos(refill).toMillis() + " ms, more than the wait timeout leaves");
        }
        time.sleepNanos(Math.max(refill, 1));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw reject(budget.exhaustedLimit(), budget.nanosUntilAvailable(), "interrupted while waiting");
    } finally {
      waiting.decrementAndGet();
    }
  }

  private void waitForPermit(long deadline, AgentLimits limits) {
    waiting.incrementAndGet();
    try {
      if (!gate.enter(deadline - time.nanoTime(), time)) {
        throw reject(Limit.CONCURRENT_TASKS, 0,
            "no task finished within the wait timeout of " + limits.resourceWaitTimeout().toMillis() + " ms");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw reject(Limit.CONCURRENT_TASKS, 0, "interrupted while waiting");
    } finally {
      waiting.decrementAndGet();
    }
  }

  private ResourceLimitExceededException reject(Limit limit, long retryNanos, String detail) {
    rejected.increment();
    return new ResourceLimitExceededException(agentId, limit, Duration.ofNanos(Math.max(0, retryNanos)), detail);
  }

  /** Permits free now (configured maximum at rest), or -1 without a concurrency limit. */
  public int availablePermits() {
    return gate.availablePermits();
  }

  public long cachedTokens() {
    return cachedTokens.sum();
  }

  public long reasoningTokens() {
    return reasoningTokens.sum();
  }

  public ResourceStatus status() {
    AgentLimits limits = this.limits;
    TokenBudget budget = this.budget;
    var b = ResourceStatus.builder(agentId)
        .enforcing(limits.enforceLimits())
        .activeTasks(gate.active())
        .maxConcurrentTasks(gate.max() > 0 ? gate.max() : ResourceStatus.UNLIMITED)
        .waitingTasks(waiting.get())
        .admittedCalls(admitted.sum())
        .waitedCalls(waited.sum())
        .rejectedCalls(rejected.sum())
        .wouldRejectCalls(wouldReject.sum())
        .tokens(inputTokens.sum(), outputTokens.sum(), totalTokens.sum());
    if (budget != null) {
      b.tokensLeftPerMinute(budget.leftPerMinute()).tokensLeftPerHour(budget.leftPerHour());
      if (!budget.available()) {
        Limit limit = budget.exhaustedLimit();
        return b.unavailable(limit, limit.configKey() + " spent", Duration.ofNanos(budget.nanosUntilAvailable()))
            .build();
      }
    }
    if (gate.full()) {
      b.unavailable(Limit.CONCURRENT_TASKS, "all " + gate.max() + " task slots in use", Duration.ZERO);
    }
    return b.build();
  }
}

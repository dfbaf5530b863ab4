package io.aiecs.governor.agent.limits;

import io.aiecs.governor.Limit;
import io.aiecs.governor.ResourceLimitExceededException;
import io.aiecs.governor.ResourceStatus;
import io.aiecs.governor.agent.config.AgentLimits;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The limits of one scope (an agent, or the process-wide scope all agents share) and the admission decision
 * over them. A task passes memory, then the token budget (neither needs a permit), then throttling, then the
 * concurrency gate; a tool call passes its own budget. Enforce or monitor, reject or wait with a deadline, as
 * the scope's limits say.
 *
 * <p>Per scope: two agents never contend on the same lock or counter.
 */
public final class AgentLimiter {
  private static final long MEMORY_POLL_NANOS = 100_000_000L;
  private static final long BYTES_PER_MB = 1024L * 1024L;
  /** A time not taken: read from the clock when, and only if, it is needed. */
  private static final long NOT_STARTED = Long.MIN_VALUE;

  private final String agentId;
  private final TimeSource time;
  private final MemoryGauge memory;
  private final ConcurrencyGate gate;
  private final ThrottleSchedule tokenThrottle = new ThrottleSchedule();
  private final ThrottleSchedule toolThrottle = new ThrottleSchedule();
  // Changeable at run time (JMX, a second attach); each admission reads them once.
  private volatile AgentLimits limits;
  private volatile TokenBudget budget;
  private volatile TokenBudget toolBudget;

  private final AtomicInteger waiting = new AtomicInteger();
  /** Calls admitted and tokens charged: what every call adds to. */
  private final CallCounters counters = new CallCounters();
  private final LongAdder waited = new LongAdder();
  private final LongAdder throttled = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder wouldReject = new LongAdder();
  private final LongAdder cachedTokens = new LongAdder();
  private final LongAdder reasoningTokens = new LongAdder();
  private final LongAdder toolCalls = new LongAdder();
  private final LongAdder toolCallsRequested = new LongAdder();

  public AgentLimiter(String agentId, AgentLimits limits, TimeSource time) {
    // the heap gauge comes up on first use only: no JMX work for scopes without a memory limit
    this(agentId, limits, time, LAZY_HEAP);
  }

  /** The heap gauge, made on first read (a class, not a lambda: limiters are built before the host's main). */
  private static final MemoryGauge LAZY_HEAP = new MemoryGauge() {
    @Override
    public long usedAfterGcBytes() {
      return MemoryGauge.heap().usedAfterGcBytes();
    }
  };

  public AgentLimiter(String agentId, AgentLimits limits, TimeSource time, MemoryGauge memory) {
    this.agentId = agentId;
    this.time = time;
    this.memory = memory;
    this.limits = limits;
    this.budget = TokenBudget.of(limits.maxTokensPerMinute(), limits.maxTokensPerHour(), limits.tokenBurstSize(), time);
    this.toolBudget = TokenBudget.ofToolCalls(limits.maxToolCallsPerMinute(), limits.maxToolCallsPerHour(), time);
    this.gate = new ConcurrencyGate(limits.maxConcurrentTasks());
  }

  /**
   * Applies new limits. Tasks in flight keep their permits; new tasks see the new limits. What is left of the
   * budgets (or owed) carries over, capped at the new burst size.
   */
  public synchronized void reconfigure(AgentLimits newLimits) {
    TokenBudget current = budget;
    if (current == null || !current.reconfigure(newLimits.maxTokensPerMinute(), newLimits.maxTokensPerHour(),
        newLimits.tokenBurstSize())) {
      budget = TokenBudget.of(newLimits.maxTokensPerMinute(), newLimits.maxTokensPerHour(),
          newLimits.tokenBurstSize(), time);
    }
    TokenBudget tools = toolBudget;
    if (tools == null || !tools.reconfigure(newLimits.maxToolCallsPerMinute(), newLimits.maxToolCallsPerHour(),
        newLimits.maxToolCallsPerMinute())) {
      toolBudget = TokenBudget.ofToolCalls(newLimits.maxToolCallsPerMinute(), newLimits.maxToolCallsPerHour(), time);
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
    return acquire(NOT_STARTED);
  }

  /**
   * As {@link #acquire()}, with the wait deadline counted from {@code startNanos}: when a call passes several
   * scopes, each one's wait timeout runs from the same moment, so the call never waits longer than the
   * largest of them in total.
   */
  public int acquire(long startNanos) {
    return acquire(startNanos, true);
  }

  /**
   * Admits an LLM call made inside a task that already holds this scope's concurrency permit (an entry-point
   * task): memory, tokens and throttling apply, the task slot is the task's.
   */
  public int acquireWithinTask(long startNanos) {
    return acquire(startNanos, false);
  }

  private int acquire(long startNanos, boolean slot) {
    AgentLimits limits = this.limits;
    TokenBudget budget = this.budget;
    if (!limits.enforceLimits()) {
      int flags = Admission.GRANTED;
      // monitor mode takes no permits, so a full gate shows in the task count, not in the permits held
      boolean overConcurrency = slot && gate.max() > 0 && gate.active() >= gate.max();
      Limit would = memoryExceeded(limits) ? Limit.MEMORY
          : budget != null && !budget.available() ? budget.exhaustedLimit()
          : overConcurrency ? Limit.CONCURRENT_TASKS : null;
      if (would != null) {
        wouldReject.increment();
        flags = Admission.decidedBy(flags | Admission.WOULD_REJECT, would);
      }
      if (slot) {
        gate.enterUnchecked();
        flags |= Admission.COUNTED;
      }
      counters.admitted(1);
      return flags;
    }
    long deadline = NOT_STARTED; // read from the clock only when something has to wait
    int flags = Admission.GRANTED | (slot ? Admission.HELD | Admission.COUNTED : 0);
    if (memoryExceeded(limits)) {
      if (limits.rejectOnLimit()) {
        throw reject(Limit.MEMORY, 0, memoryDetail(limits));
      }
      deadline = deadline(deadline, startNanos, limits);
      waitForMemory(limits, deadline);
      flags = Admission.decidedBy(flags | Admission.WAITED, Limit.MEMORY);
    }
    if (budget != null && !budget.available()) {
      if (limits.rejectOnLimit()) {
        throw reject(budget.exhaustedLimit(), budget.nanosUntilAvailable(), "token budget spent");
      }
      Limit spent = budget.exhaustedLimit();
      deadline = deadline(deadline, startNanos, limits);
      waitForBudget(budget, deadline, false);
      flags = Admission.decidedBy(flags | Admission.WAITED, spent);
    }
    if (budget != null && limits.throttles()) {
      deadline = deadline(deadline, startNanos, limits);
      flags = throttle(budget, tokenThrottle, averageTokensPerCall(), limits, deadline, flags);
    }
    if (slot && !gate.tryEnter()) {
      if (limits.rejectOnLimit()) {
        throw reject(Limit.CONCURRENT_TASKS, 0, gate.active() + " of " + gate.max() + " tasks running");
      }
      waitForPermit(deadline(deadline, startNanos, limits), limits);
      flags = Admission.decidedBy(flags | Admission.WAITED, Limit.CONCURRENT_TASKS);
    }
    counters.admitted(1);
    count(flags);
    return flags;
  }

  /**
   * The wait deadline, counted from the admission's start: {@code known} once computed; else read from the clock
   * (a {@code nanoTime} costs as much as the rest of an admission, so the fast path that never waits skips it).
   */
  private long deadline(long known, long startNanos, AgentLimits limits) {
    if (known != NOT_STARTED) {
      return known;
    }
    return (startNanos != NOT_STARTED ? startNanos : time.nanoTime()) + limits.resourceWaitTimeout().toNanos();
  }

  /**
   * Admits one tool execution against the tool-call budget or throws. Tool calls hold no permit: nothing to
   * release afterwards.
   */
  public int acquireToolCall(long startNanos) {
    AgentLimits limits = this.limits;
    TokenBudget tools = this.toolBudget;
    int flags = Admission.GRANTED;
    if (tools == null) {
      toolCalls.increment();
      return flags;
    }
    if (!limits.enforceLimits()) {
      if (!tools.available()) {
        wouldReject.increment();
        flags = Admission.decidedBy(flags | Admission.WOULD_REJECT, tools.exhaustedLimit());
      }
      tools.charge(1);
      toolCalls.increment();
      return flags;
    }
    long deadline = startNanos + limits.resourceWaitTimeout().toNanos();
    if (limits.throttles()) {
      flags = throttle(tools, toolThrottle, 1, limits, deadline, flags);
    }
    if (!tools.tryTake()) {
      if (limits.rejectOnLimit()) {
        throw reject(tools.exhaustedLimit(), tools.nanosUntilAvailable(), "tool-call budget spent");
      }
      Limit spent = tools.exhaustedLimit();
      waitForBudget(tools, deadline, true);
      flags = Admission.decidedBy(flags | Admission.WAITED, spent);
    }
    toolCalls.increment();
    count(flags);
    return flags;
  }

  /** Undoes {@link #acquireToolCall} for a tool call another scope then refused. */
  public void refundToolCall() {
    TokenBudget tools = toolBudget;
    if (tools != null) {
      tools.refund(1);
    }
    toolCalls.decrement();
    rejected.increment();
  }

  private void count(int flags) {
    if (Admission.waited(flags)) {
      waited.increment();
    }
    if (Admission.throttled(flags)) {
      throttled.increment();
    }
  }

  /** Gives back what {@link #acquire()} took; nothing for flags of a scope that was never asked (0). */
  public void release(int admission) {
    if (Admission.counted(admission)) {
      gate.exit(Admission.held(admission));
    }
  }

  /**
   * This scope admitted a call that another scope then refused: it counts as refused, not admitted, here too
   * (so that admitted + rejected still adds up to the calls that asked).
   */
  public void refusedElsewhere(int admission) {
    release(admission);
    counters.admitted(-1);
    rejected.increment();
  }

  /** Charges the usage a response reported; negative values mean "not reported". */
  public void charge(long input, long output, long total, long cached, long reasoning) {
    charge(input, output, total, cached, reasoning, NOT_STARTED);
  }

  /** As the other {@code charge}, at {@code endNanos}, the time the call ended ({@link TimeSource} scale). */
  public void charge(long input, long output, long total, long cached, long reasoning, long endNanos) {
    long in = Math.max(0, input);
    long out = Math.max(0, output);
    long charged = total >= 0 ? total : in + out;
    // the total is kept as what it adds to input + output (or lacks), which is nothing for most providers
    counters.tokens(in, out, charged - in - out);
    if (cached > 0) {
      cachedTokens.add(cached);
    }
    if (reasoning > 0) {
      reasoningTokens.add(reasoning);
    }
    if (charged > 0) {
      TokenBudget b = budget;
      if (b != null) {
        b.charge(charged, endNanos != NOT_STARTED ? endNanos : time.nanoTime());
      }
    }
  }

  /** Tool calls a response asked for; reported, not limited (their executions are, where they run). */
  public void toolCallsRequested(long n) {
    toolCallsRequested.add(n);
  }

  /** Tokens charged per admitted call (the calls still running count as cheap ones: spacing errs short). */
  private double averageTokensPerCall() {
    return (double) totalTokens() / Math.max(1, counters.admitted());
  }

  private long totalTokens() {
    return counters.input() + counters.output() + counters.other();
  }

  /**
   * Waits for this admission's throttle slot; refuses when the slot lies beyond the deadline. Returns
   * {@code flags}, marked throttled by the budget's limit if it had to wait.
   */
  private int throttle(TokenBudget b, ThrottleSchedule schedule, double callCost, AgentLimits limits,
                       long deadline, int flags) {
    long now = time.nanoTime();
    long delay = schedule.delayNanos(b, limits.throttleThreshold(), callCost, now);
    if (delay <= 0) {
      return flags;
    }
    if (now + delay > deadline) {
      throw reject(b.exhaustedLimit(), delay, "throttled: the next slot is " + Duration.ofNanos(delay).toMillis()
          + " ms away, beyond the wait timeout");
    }
    waiting.incrementAndGet();
    try {
      time.sleepNanos(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw reject(b.exhaustedLimit(), delay, "interrupted while throttled");
    } finally {
      waiting.decrementAndGet();
    }
    return Admission.decidedBy(flags | Admission.THROTTLED, b.exhaustedLimit());
  }

  private boolean memoryExceeded(AgentLimits limits) {
    return limits.hasMemoryLimit() && memory.usedAfterGcBytes() > limits.maxMemoryMb() * BYTES_PER_MB;
  }

  private String memoryDetail(AgentLimits limits) {
    return "heap in use after GC " + memory.usedAfterGcBytes() / BYTES_PER_MB + " MiB, limit "
        + limits.maxMemoryMb() + " MiB";
  }

  /** Memory comes back only when a collection frees some: look again at intervals until the deadline. */
  private void waitForMemory(AgentLimits limits, long deadline) {
    waiting.incrementAndGet();
    try {
      while (memoryExceeded(limits)) {
        long remaining = deadline - time.nanoTime();
        if (remaining <= 0) {
          throw reject(Limit.MEMORY, 0, memoryDetail(limits));
        }
        time.sleepNanos(Math.min(remaining, MEMORY_POLL_NANOS));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw reject(Limit.MEMORY, 0, "interrupted while waiting");
    } finally {
      waiting.decrementAndGet();
    }
  }

  /** Waits until the budget is positive ({@code take} false) or one unit was taken from it ({@code take} true). */
  private void waitForBudget(TokenBudget b, long deadline, boolean take) {
    waiting.incrementAndGet();
    try {
      while (take ? !b.tryTake() : !b.available()) {
        long refill = b.nanosUntilAvailable();
        long remaining = deadline - time.nanoTime();
        // Budgets only come back with time: when the refill lies beyond the deadline, waiting cannot help,
        // so fail now (as Resilience4j's RateLimiter does) rather than hold the caller for nothing.
        if (refill > remaining) {
          throw reject(b.exhaustedLimit(), refill,
              "refill needs " + Duration.ofNanos(refill).toMillis() + " ms, more than the wait timeout leaves");
        }
        time.sleepNanos(Math.max(refill, 1));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw reject(b.exhaustedLimit(), b.nanosUntilAvailable(), "interrupted while waiting");
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
    TokenBudget tools = this.toolBudget;
    var b = ResourceStatus.builder(agentId)
        .enforcing(limits.enforceLimits())
        .activeTasks(gate.active())
        .maxConcurrentTasks(gate.max() > 0 ? gate.max() : ResourceStatus.UNLIMITED)
        .waitingTasks(waiting.get())
        .admittedCalls(counters.admitted())
        .waitedCalls(waited.sum())
        .throttledCalls(throttled.sum())
        .rejectedCalls(rejected.sum())
        .wouldRejectCalls(wouldReject.sum())
        .toolCalls(toolCalls.sum())
        .toolCallsRequested(toolCallsRequested.sum())
        .tokens(counters.input(), counters.output(), totalTokens());
    if (tools != null) {
      b.toolCallsLeftPerMinute(tools.leftPerMinute()).toolCallsLeftPerHour(tools.leftPerHour());
    }
    if (limits.hasMemoryLimit()) {
      long used = memory.usedAfterGcBytes();
      b.memoryLimitMb(limits.maxMemoryMb()).memoryUsedMb(used < 0 ? ResourceStatus.UNLIMITED : used / BYTES_PER_MB);
      if (memoryExceeded(limits)) {
        return b.unavailable(Limit.MEMORY, memoryDetail(limits), Duration.ZERO).build();
      }
    }
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

package io.aiecs.governor;

import java.time.Duration;

/**
 * A snapshot of one agent's resources: whether a call would be admitted now, why not, and what is left.
 * The Java counterpart of AIECS {@code check_resource_availability()} and {@code get_resource_usage()}.
 *
 * <p>Numeric limits that are not configured read as {@link #UNLIMITED}.
 */
public final class ResourceStatus {
  /** The value of a limit, or of what is left of it, when that limit is not configured. */
  public static final long UNLIMITED = -1;

  private final String agentId;
  private final boolean governed;
  private final boolean enforcing;
  private final Limit limitingFactor;
  private final String reason;
  private final int activeTasks;
  private final long maxConcurrentTasks;
  private final int waitingTasks;
  private final long tokensLeftPerMinute;
  private final long tokensLeftPerHour;
  private final Duration retryAfter;
  private final long admittedCalls;
  private final long waitedCalls;
  private final long rejectedCalls;
  private final long wouldRejectCalls;
  private final long inputTokens;
  private final long outputTokens;
  private final long totalTokens;
  private final long toolCallsLeftPerMinute;
  private final long toolCallsLeftPerHour;
  private final long toolCalls;
  private final long toolCallsRequested;
  private final long throttledCalls;
  private final long memoryUsedMb;
  private final long memoryLimitMb;

  private ResourceStatus(Builder b) {
    this.agentId = b.agentId;
    this.governed = b.governed;
    this.enforcing = b.enforcing;
    this.limitingFactor = b.limitingFactor;
    this.reason = b.reason;
    this.activeTasks = b.activeTasks;
    this.maxConcurrentTasks = b.maxConcurrentTasks;
    this.waitingTasks = b.waitingTasks;
    this.tokensLeftPerMinute = b.tokensLeftPerMinute;
    this.tokensLeftPerHour = b.tokensLeftPerHour;
    this.retryAfter = b.retryAfter;
    this.admittedCalls = b.admittedCalls;
    this.waitedCalls = b.waitedCalls;
    this.rejectedCalls = b.rejectedCalls;
    this.wouldRejectCalls = b.wouldRejectCalls;
    this.inputTokens = b.inputTokens;
    this.outputTokens = b.outputTokens;
    this.totalTokens = b.totalTokens;
    this.toolCallsLeftPerMinute = b.toolCallsLeftPerMinute;
    this.toolCallsLeftPerHour = b.toolCallsLeftPerHour;
    this.toolCalls = b.toolCalls;
    this.toolCallsRequested = b.toolCallsRequested;
    this.throttledCalls = b.throttledCalls;
    this.memoryUsedMb = b.memoryUsedMb;
    this.memoryLimitMb = b.memoryLimitMb;
  }

  /** The status reported when no governor agent is running in this JVM: everything available, nothing counted. */
  public static ResourceStatus ungoverned(String agentId) {
    return builder(agentId).governed(false).reason("aiecs-governor agent is not running").build();
  }

  /**
   * This status, but unavailable because of a limit outside the agent (the process-wide scope it shares with
   * the other agents). Unchanged when already unavailable for a reason of its own.
   */
  public ResourceStatus unavailableBecause(Limit limit, String why, Duration retry) {
    if (!available()) {
      return this;
    }
    Builder b = new Builder(agentId);
    b.governed = governed;
    b.enforcing = enforcing;
    b.activeTasks = activeTasks;
    b.maxConcurrentTasks = maxConcurrentTasks;
    b.waitingTasks = waitingTasks;
    b.tokensLeftPerMinute = tokensLeftPerMinute;
    b.tokensLeftPerHour = tokensLeftPerHour;
    b.admittedCalls = admittedCalls;
    b.waitedCalls = waitedCalls;
    b.rejectedCalls = rejectedCalls;
    b.wouldRejectCalls = wouldRejectCalls;
    b.inputTokens = inputTokens;
    b.outputTokens = outputTokens;
    b.totalTokens = totalTokens;
    b.toolCallsLeftPerMinute = toolCallsLeftPerMinute;
    b.toolCallsLeftPerHour = toolCallsLeftPerHour;
    b.toolCalls = toolCalls;
    b.toolCallsRequested = toolCallsRequested;
    b.throttledCalls = throttledCalls;
    b.memoryUsedMb = memoryUsedMb;
    b.memoryLimitMb = memoryLimitMb;
    return b.unavailable(limit, why, retry).build();
  }

  public static Builder builder(String agentId) {
    return new Builder(agentId);
  }

  public String agentId() {
    return agentId;
  }

  /** False when no governor agent runs in this JVM (then every other figure is a default). */
  public boolean governed() {
    return governed;
  }

  /** False in monitor mode ({@code enforce-limits=false}): limits are counted and reported, never applied. */
  public boolean enforcing() {
    return enforcing;
  }

  /** Whether a call of this agent would be admitted now without waiting. */
  public boolean available() {
    return limitingFactor == null;
  }

  /** The limit that makes resources unavailable, or {@code null} when available. */
  public Limit limitingFactor() {
    return limitingFactor;
  }

  /** A human-readable reason when unavailable; empty when available. */
  public String reason() {
    return reason;
  }

  public int activeTasks() {
    return activeTasks;
  }

  public long maxConcurrentTasks() {
    return maxConcurrentTasks;
  }

  /** Callers currently waiting for this agent's resources (wait mode). */
  public int waitingTasks() {
    return waitingTasks;
  }

  /** Tokens left in the per-minute budget (negative while in debt), or {@link #UNLIMITED}. */
  public long tokensLeftPerMinute() {
    return tokensLeftPerMinute;
  }

  /** Tokens left in the per-hour budget (negative while in debt), or {@link #UNLIMITED}. */
  public long tokensLeftPerHour() {
    return tokensLeftPerHour;
  }

  /** When unavailable, how long until a call is expected to be admitted; {@link Duration#ZERO} otherwise. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** Calls admitted since start (including those that waited first). */
  public long admittedCalls() {
    return admittedCalls;
  }

  /** Admitted calls that had to wait for resources first. */
  public long waitedCalls() {
    return waitedCalls;
  }

  /** Calls refused with {@link ResourceLimitExceededException}. */
  public long rejectedCalls() {
    return rejectedCalls;
  }

  /** In monitor mode: calls that enforcement would have refused. */
  public long wouldRejectCalls() {
    return wouldRejectCalls;
  }

  /** Input (prompt) tokens charged, as reported by the responses. */
  public long inputTokens() {
    return inputTokens;
  }

  /** Output (completion) tokens charged, as reported by the responses. */
  public long outputTokens() {
    return outputTokens;
  }

  /** Total tokens charged to the agent's budget. */
  public long totalTokens() {
    return totalTokens;
  }

  /** Tool calls left in the per-minute budget, or {@link #UNLIMITED}. */
  public long toolCallsLeftPerMinute() {
    return toolCallsLeftPerMinute;
  }

  /** Tool calls left in the per-hour budget, or {@link #UNLIMITED}. */
  public long toolCallsLeftPerHour() {
    return toolCallsLeftPerHour;
  }

  /** Tool calls admitted since start. */
  public long toolCalls() {
    return toolCalls;
  }

  /** Admitted calls that were spaced out because a budget passed its throttle threshold. */
  public long throttledCalls() {
    return throttledCalls;
  }

  /** Heap in use after the last garbage collection, in MiB; {@link #UNLIMITED} when not measured. */
  public long memoryUsedMb() {
    return memoryUsedMb;
  }

  /** The memory limit in MiB, or {@link #UNLIMITED}. */
  public long memoryLimitMb() {
    return memoryLimitMb;
  }

  /** Tool calls the model asked for in its responses (reported, not limited). */
  public long toolCallsRequested() {
    return toolCallsRequested;
  }

  @Override
  public String toString() {
    return "ResourceStatus{agent=" + agentId + ", available=" + available()
        + (available() ? "" : ", limit=" + limitingFactor + ", reason=" + reason + ", retryAfter=" + retryAfter)
        + ", activeTasks=" + activeTasks + "/" + (maxConcurrentTasks == UNLIMITED ? "unlimited" : maxConcurrentTasks)
        + ", waiting=" + waitingTasks
        + ", tokensLeftPerMinute=" + fmt(tokensLeftPerMinute) + ", tokensLeftPerHour=" + fmt(tokensLeftPerHour)
        + ", admitted=" + admittedCalls + ", waited=" + waitedCalls + ", rejected=" + rejectedCalls
        + ", wouldReject=" + wouldRejectCalls + ", throttled=" + throttledCalls + ", tokens=" + totalTokens
        + ", toolCalls=" + toolCalls + ", toolCallsLeftPerMinute=" + fmt(toolCallsLeftPerMinute)
        + ", toolCallsLeftPerHour=" + fmt(toolCallsLeftPerHour)
        + ", memoryMb=" + fmt(memoryUsedMb) + "/" + fmt(memoryLimitMb) + "}";
  }

  private static String fmt(long v) {
    return v == UNLIMITED ? "unlimited" : Long.toString(v);
  }

  /** Builds a {@link ResourceStatus}; used by the agent, and by tests. */
  public static final class Builder {
    private final String agentId;
    private boolean governed = true;
    private boolean enforcing = true;
    private Limit limitingFactor;
    private String reason = "";
    private int activeTasks;
    private long maxConcurrentTasks = UNLIMITED;
    private int waitingTasks;
    private long tokensLeftPerMinute = UNLIMITED;
    private long tokensLeftPerHour = UNLIMITED;
    private Duration retryAfter = Duration.ZERO;
    private long admittedCalls;
    private long waitedCalls;
    private long rejectedCalls;
    private long wouldRejectCalls;
    private long inputTokens;
    private long outputTokens;
    private long totalTokens;
    private long toolCallsLeftPerMinute = UNLIMITED;
    private long toolCallsLeftPerHour = UNLIMITED;
    private long toolCalls = 0;
    private long toolCallsRequested = 0;
    private long throttledCalls = 0;
    private long memoryUsedMb = UNLIMITED;
    private long memoryLimitMb = UNLIMITED;

    private Builder(String agentId) {
      this.agentId = agentId;
    }

    public Builder governed(boolean v) { this.governed = v; return this; }
    public Builder enforcing(boolean v) { this.enforcing = v; return this; }
    public Builder unavailable(Limit limit, String why, Duration retry) {
      this.limitingFactor = limit;
      this.reason = why;
      this.retryAfter = retry;
      return this;
    }
    public Builder reason(String v) { this.reason = v; return this; }
    public Builder activeTasks(int v) { this.activeTasks = v; return this; }
    public Builder maxConcurrentTasks(long v) { this.maxConcurrentTasks = v; return this; }
    public Builder waitingTasks(int v) { this.waitingTasks = v; return this; }
    public Builder tokensLeftPerMinute(long v) { this.tokensLeftPerMinute = v; return this; }
    public Builder tokensLeftPerHour(long v) { this.tokensLeftPerHour = v; return this; }
    public Builder admittedCalls(long v) { this.admittedCalls = v; return this; }
    public Builder waitedCalls(long v) { this.waitedCalls = v; return this; }
    public Builder rejectedCalls(long v) { this.rejectedCalls = v; return this; }
    public Builder wouldRejectCalls(long v) { this.wouldRejectCalls = v; return this; }
    public Builder toolCallsLeftPerMinute(long v) { this.toolCallsLeftPerMinute = v; return this; }
    public Builder toolCallsLeftPerHour(long v) { this.toolCallsLeftPerHour = v; return this; }
    public Builder toolCalls(long v) { this.toolCalls = v; return this; }
    public Builder toolCallsRequested(long v) { this.toolCallsRequested = v; return this; }
    public Builder throttledCalls(long v) { this.throttledCalls = v; return this; }
    public Builder memoryUsedMb(long v) { this.memoryUsedMb = v; return this; }
    public Builder memoryLimitMb(long v) { this.memoryLimitMb = v; return this; }
    public Builder tokens(long input, long output, long total) {
      this.inputTokens = input;
      this.outputTokens = output;
      this.totalTokens = total;
      return this;
    }

    public ResourceStatus build() {
      return new ResourceStatus(this);
    }
  }
}

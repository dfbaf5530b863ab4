package io.aiecs.governor.agent.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits of one scope after merging: of one agent (its own settings over the plain ones), or of the process
 * (see {@link GovernorConfig#processLimits()}). Numeric limits are {@link #UNLIMITED} or >= 1;
 * {@code tokenBurstSize} is the token bucket capacity for the per-minute limit and is {@link #UNLIMITED} exactly
 * when {@code maxTokensPerMinute} is.
 *
 * @param enforceLimits false = monitor only
 * @param rejectOnLimit true = reject at once when a limit is reached, false = wait up to {@code resourceWaitTimeout}
 * @param maxToolCallsPerMinute tool executions per minute
 * @param maxToolCallsPerHour tool executions per hour
 * @param maxMemoryMb heap in use after GC, in MiB, above which resources are unavailable; at most
 *     {@link #MAX_MEMORY_MB} so that it fits a long in bytes
 * @param taskTimeout deadline of one task, positive; null = none
 * @param throttleThreshold fraction of a budget used after which admissions are smoothed, in (0, 1];
 *     {@link #NO_THROTTLING} (1) = off
 * @param rejectAs how a rejection is thrown
 */
public record AgentLimits(int maxConcurrentTasks, long maxTokensPerMinute, long maxTokensPerHour, long tokenBurstSize,
                          boolean enforceLimits, boolean rejectOnLimit, Duration resourceWaitTimeout,
                          long maxToolCallsPerMinute, long maxToolCallsPerHour, long maxMemoryMb,
                          Duration taskTimeout, double throttleThreshold, RejectAs rejectAs) {
  public static final int UNLIMITED = -1;
  public static final double NO_THROTTLING = 1.0;
  /** The largest {@code maxMemoryMb}: {@code maxMemoryMb * 1024 * 1024} still fits a long. */
  public static final long MAX_MEMORY_MB = Long.MAX_VALUE >> 20;

  public AgentLimits {
    requireLimit("maxConcurrentTasks", maxConcurrentTasks);
    requireLimit("maxTokensPerMinute", maxTokensPerMinute);
    requireLimit("maxTokensPerHour", maxTokensPerHour);
    requireLimit("tokenBurstSize", tokenBurstSize);
    if ((maxTokensPerMinute == UNLIMITED) != (tokenBurstSize == UNLIMITED)) {
      throw new IllegalArgumentException("tokenBurstSize must be set exactly when maxTokensPerMinute is: "
          + tokenBurstSize + " vs " + maxTokensPerMinute);
    }
    Objects.requireNonNull(resourceWaitTimeout, "resourceWaitTimeout");
    if (resourceWaitTimeout.isNegative()) {
      throw new IllegalArgumentException("resourceWaitTimeout is negative: " + resourceWaitTimeout);
    }
    requireLimit("maxToolCallsPerMinute", maxToolCallsPerMinute);
    requireLimit("maxToolCallsPerHour", maxToolCallsPerHour);
    requireLimit("maxMemoryMb", maxMemoryMb);
    if (maxMemoryMb > MAX_MEMORY_MB) {
      throw new IllegalArgumentException("maxMemoryMb must be at most " + MAX_MEMORY_MB + ", was " + maxMemoryMb);
    }
    if (taskTimeout != null && (taskTimeout.isNegative() || taskTimeout.isZero())) {
      throw new IllegalArgumentException("taskTimeout must be positive or null (none): " + taskTimeout);
    }
    if (!(throttleThreshold > 0 && throttleThreshold <= 1)) { // also rejects NaN
      throw new IllegalArgumentException("throttleThreshold must be in (0, 1], was " + throttleThreshold);
    }
    Objects.requireNonNull(rejectAs, "rejectAs");
  }

  /**
   * The limits as they were before tool calls, memory, task timeouts, throttling and {@code reject-as} existed:
   * those get their defaults (unlimited, unlimited, unlimited, none, off, {@link RejectAs#GOVERNOR}).
   */
  public AgentLimits(int maxConcurrentTasks, long maxTokensPerMinute, long maxTokensPerHour, long tokenBurstSize,
                     boolean enforceLimits, boolean rejectOnLimit, Duration resourceWaitTimeout) {
    this(maxConcurrentTasks, maxTokensPerMinute, maxTokensPerHour, tokenBurstSize, enforceLimits, rejectOnLimit,
        resourceWaitTimeout, UNLIMITED, UNLIMITED, UNLIMITED, null, NO_THROTTLING, RejectAs.GOVERNOR);
  }

  /** No limits, limits enforced, wait 60 s: what an agent gets when nothing is configured. */
  public static AgentLimits unlimited() {
    return new AgentLimits(UNLIMITED, UNLIMITED, UNLIMITED, UNLIMITED, true, false, ConfigAssembler.DEFAULT_WAIT);
  }

  /** A per-minute or per-hour token limit is set. */
  public boolean hasTokenLimit() {
    return maxTokensPerMinute != UNLIMITED || maxTokensPerHour != UNLIMITED;
  }

  public boolean hasConcurrencyLimit() {
    return maxConcurrentTasks != UNLIMITED;
  }

  /** A per-minute or per-hour tool call limit is set. */
  public boolean hasToolCallLimit() {
    return maxToolCallsPerMinute != UNLIMITED || maxToolCallsPerHour != UNLIMITED;
  }

  public boolean hasMemoryLimit() {
    return maxMemoryMb != UNLIMITED;
  }

  public boolean hasTaskTimeout() {
    return taskTimeout != null;
  }

  /** Admissions are smoothed once this fraction of a budget is used (threshold below 1). */
  public boolean throttles() {
    return throttleThreshold < NO_THROTTLING;
  }

  private static void requireLimit(String name, long value) {
    if (value != UNLIMITED && value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1 or UNLIMITED, was " + value);
    }
  }
}

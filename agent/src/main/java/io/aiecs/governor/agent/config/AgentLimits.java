package io.aiecs.governor.agent.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits of one agent after merging its own settings over the global ones. Numeric limits are
 * {@link #UNLIMITED} or >= 1; {@code tokenBurstSize} is the token bucket capacity for the per-minute limit and is
 * {@link #UNLIMITED} exactly when {@code maxTokensPerMinute} is.
 *
 * @param enforceLimits false = monitor only
 * @param rejectOnLimit true = reject at once when a limit is reached, false = wait up to {@code resourceWaitTimeout}
 */
public record AgentLimits(int maxConcurrentTasks, long maxTokensPerMinute, long maxTokensPerHour, long tokenBurstSize,
                          boolean enforceLimits, boolean rejectOnLimit, Duration resourceWaitTimeout) {
  public static final int UNLIMITED = -1;

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

  private static void requireLimit(String name, long value) {
    if (value != UNLIMITED && value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1 or UNLIMITED, was " + value);
    }
  }
}

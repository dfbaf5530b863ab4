package io.aiecs.governor.agent.config;

import java.time.Duration;

/** PLACEHOLDER replaced by the config package. */
public record AgentLimits(int maxConcurrentTasks, long maxTokensPerMinute, long maxTokensPerHour, long tokenBurstSize,
                          boolean enforceLimits, boolean rejectOnLimit, Duration resourceWaitTimeout) {
  public static final int UNLIMITED = -1;

  public boolean hasTokenLimit() {
    return maxTokensPerMinute > 0 || maxTokensPerHour > 0;
  }
}

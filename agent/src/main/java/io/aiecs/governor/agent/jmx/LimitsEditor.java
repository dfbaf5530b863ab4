package io.aiecs.governor.agent.jmx;

import io.aiecs.governor.agent.config.AgentLimits;
import java.time.Duration;

/**
 * A copy of {@link AgentLimits} with some values changed; keeps the record's validation. Components without
 * a setter here are carried over unchanged.
 */
final class LimitsEditor {
  private final AgentLimits original;
  private int maxConcurrentTasks;
  private long maxTokensPerMinute;
  private long maxTokensPerHour;
  private long tokenBurstSize;
  private boolean enforceLimits;
  private boolean rejectOnLimit;
  private Duration resourceWaitTimeout;

  private LimitsEditor(AgentLimits l) {
    original = l;
    maxConcurrentTasks = l.maxConcurrentTasks();
    maxTokensPerMinute = l.maxTokensPerMinute();
    maxTokensPerHour = l.maxTokensPerHour();
    tokenBurstSize = l.tokenBurstSize();
    enforceLimits = l.enforceLimits();
    rejectOnLimit = l.rejectOnLimit();
    resourceWaitTimeout = l.resourceWaitTimeout();
  }

  static LimitsEditor of(AgentLimits l) {
    return new LimitsEditor(l);
  }

  LimitsEditor maxConcurrentTasks(int v) { maxConcurrentTasks = v; return this; }
  LimitsEditor maxTokensPerMinute(long v) { maxTokensPerMinute = v; return this; }
  LimitsEditor maxTokensPerHour(long v) { maxTokensPerHour = v; return this; }
  LimitsEditor tokenBurstSize(long v) { tokenBurstSize = v; return this; }
  LimitsEditor enforceLimits(boolean v) { enforceLimits = v; return this; }
  LimitsEditor rejectOnLimit(boolean v) { rejectOnLimit = v; return this; }
  LimitsEditor resourceWaitTimeout(Duration v) { resourceWaitTimeout = v; return this; }

  AgentLimits build() {
    return new AgentLimits(maxConcurrentTasks, maxTokensPerMinute, maxTokensPerHour, tokenBurstSize, enforceLimits,
        rejectOnLimit, resourceWaitTimeout, original.maxToolCallsPerMinute(), original.maxToolCallsPerHour(),
        original.maxMemoryMb(), original.taskTimeout(), original.throttleThreshold(), original.rejectAs());
  }
}

package io.aiecs.governor.agent.jmx;

import io.aiecs.governor.ResourceStatus;
import io.aiecs.governor.agent.config.AgentLimits;
import io.aiecs.governor.agent.limits.AgentLimiter;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/** {@link AgentStatusMXBean} over an {@link AgentLimiter}; status is read fresh on every attribute access. */
public final class AgentStatusMBean implements AgentStatusMXBean {
  private final AgentLimiter limiter;
  private final Supplier<ResourceStatus> status;

  /** @param status the status to show, e.g. including the process-wide scope */
  public AgentStatusMBean(AgentLimiter limiter, Supplier<ResourceStatus> status) {
    this.limiter = limiter;
    this.status = status;
  }

  @Override public String getAgentId() { return limiter.agentId(); }
  @Override public boolean isAvailable() { return status.get().available(); }
  @Override public String getReason() { return status.get().reason(); }

  @Override
  public String getLimitingFactor() {
    var limit = status.get().limitingFactor();
    return limit == null ? "" : limit.configKey();
  }

  @Override public long getRetryAfterMillis() { return status.get().retryAfter().toMillis(); }
  @Override public int getActiveTasks() { return status.get().activeTasks(); }
  @Override public int getWaitingTasks() { return status.get().waitingTasks(); }
  @Override public long getTokensLeftPerMinute() { return status.get().tokensLeftPerMinute(); }
  @Override public long getTokensLeftPerHour() { return status.get().tokensLeftPerHour(); }
  @Override public long getAdmittedCalls() { return status.get().admittedCalls(); }
  @Override public long getWaitedCalls() { return status.get().waitedCalls(); }
  @Override public long getRejectedCalls() { return status.get().rejectedCalls(); }
  @Override public long getWouldRejectCalls() { return status.get().wouldRejectCalls(); }
  @Override public long getInputTokens() { return status.get().inputTokens(); }
  @Override public long getOutputTokens() { return status.get().outputTokens(); }
  @Override public long getTotalTokens() { return status.get().totalTokens(); }

  @Override public int getMaxConcurrentTasks() { return limiter.limits().maxConcurrentTasks(); }
  @Override public long getMaxTokensPerMinute() { return limiter.limits().maxTokensPerMinute(); }
  @Override public long getMaxTokensPerHour() { return limiter.limits().maxTokensPerHour(); }
  @Override public long getTokenBurstSize() { return limiter.limits().tokenBurstSize(); }
  @Override public boolean isEnforceLimits() { return limiter.limits().enforceLimits(); }
  @Override public boolean isRejectOnLimit() { return limiter.limits().rejectOnLimit(); }

  @Override
  public double getResourceWaitTimeoutSeconds() {
    return limiter.limits().resourceWaitTimeout().toNanos() / 1e9;
  }

  @Override
  public void setMaxConcurrentTasks(int value) {
    update(l -> LimitsEditor.of(l).maxConcurrentTasks(unlimitedIfNegative(value)).build());
  }

  @Override
  public void setMaxTokensPerMinute(long value) {
    update(l -> {
      long perMinute = unlimitedIfNegative(value);
      // the burst size follows the per-minute limit unless it was set apart from it
      long burst = perMinute == AgentLimits.UNLIMITED ? AgentLimits.UNLIMITED
          : l.tokenBurstSize() == l.maxTokensPerMinute() || l.tokenBurstSize() == AgentLimits.UNLIMITED
              ? perMinute : l.tokenBurstSize();
      return LimitsEditor.of(l).maxTokensPerMinute(perMinute).tokenBurstSize(burst).build();
    });
  }

  @Override
  public void setMaxTokensPerHour(long value) {
    update(l -> LimitsEditor.of(l).maxTokensPerHour(unlimitedIfNegative(value)).build());
  }

  @Override
  public void setTokenBurstSize(long value) {
    update(l -> {
      if (l.maxTokensPerMinute() == AgentLimits.UNLIMITED) {
        throw new IllegalArgumentException("token-burst-size is only valid when max-tokens-per-minute is set");
      }
      return LimitsEditor.of(l).tokenBurstSize(value <= 0 ? l.maxTokensPerMinute() : value).build();
    });
  }

  @Override
  public void setEnforceLimits(boolean value) {
    update(l -> LimitsEditor.of(l).enforceLimits(value).build());
  }

  @Override
  public void setRejectOnLimit(boolean value) {
    update(l -> LimitsEditor.of(l).rejectOnLimit(value).build());
  }

  @Override
  public void setResourceWaitTimeoutSeconds(double value) {
    if (!(value >= 0)) {
      throw new IllegalArgumentException("resource-wait-timeout-seconds must be >= 0: " + value);
    }
    update(l -> LimitsEditor.of(l).resourceWaitTimeout(Duration.ofNanos((long) (value * 1e9))).build());
  }

  private void update(UnaryOperator<AgentLimits> change) {
    synchronized (limiter) {
      limiter.reconfigure(change.apply(limiter.limits()));
    }
  }

  private static int unlimitedIfNegative(int v) {
    if (v == 0) {
      throw new IllegalArgumentException("0 is not a limit; use -1 for unlimited");
    }
    return v < 0 ? AgentLimits.UNLIMITED : v;
  }

  private static long unlimitedIfNegative(long v) {
    if (v == 0) {
      throw new IllegalArgumentException("0 is not a limit; use -1 for unlimited");
    }
    return v < 0 ? AgentLimits.UNLIMITED : v;
  }
}

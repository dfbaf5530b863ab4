package io.aiecs.governor.agent.jmx;

/**
 * One agent's resources over JMX ({@code io.aiecs.governor:type=Agent,name=<id>}, and
 * {@code io.aiecs.governor:type=Global} for the process-wide scope): readable in jconsole and by
 * {@code java -jar aiecs-governor.jar status <pid>}. The limit attributes are writable: a change applies to new
 * tasks at once, tasks in flight keep their permits. {@code -1} reads and writes as "unlimited".
 */
public interface AgentStatusMXBean {
  String getAgentId();

  boolean isAvailable();

  /** Why not available ({@code ""} when available). */
  String getReason();

  /** The limit that makes the agent unavailable, or {@code ""}. */
  String getLimitingFactor();

  long getRetryAfterMillis();

  int getActiveTasks();

  int getWaitingTasks();

  long getTokensLeftPerMinute();

  long getTokensLeftPerHour();

  long getAdmittedCalls();

  long getWaitedCalls();

  long getRejectedCalls();

  long getWouldRejectCalls();

  long getInputTokens();

  long getOutputTokens();

  long getTotalTokens();

  int getMaxConcurrentTasks();

  void setMaxConcurrentTasks(int value);

  long getMaxTokensPerMinute();

  void setMaxTokensPerMinute(long value);

  long getMaxTokensPerHour();

  void setMaxTokensPerHour(long value);

  long getTokenBurstSize();

  void setTokenBurstSize(long value);

  boolean isEnforceLimits();

  void setEnforceLimits(boolean value);

  boolean isRejectOnLimit();

  void setRejectOnLimit(boolean value);

  double getResourceWaitTimeoutSeconds();

  void setResourceWaitTimeoutSeconds(double value);
}

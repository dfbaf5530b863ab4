package io.aiecs.governor.agent.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The validated, immutable configuration of the governor. Build it with {@link ConfigLoader} or {@link #defaults()}. */
public final class GovernorConfig {
  private final boolean enabled;
  private final String defaultAgent;
  private final String logLevel;
  private final AgentLimits globalLimits;
  private final Map<String, AgentLimits> agents;
  private final List<ThreadRule> threadRules;
  private final TelemetrySettings telemetry;

  /**
   * @param globalLimits the limits of any agent id without settings of its own
   * @param agents must contain {@code defaultAgent}; it is moved to the front, the rest keep their order
   * @param threadRules tried in this order, the first match wins
   */
  public GovernorConfig(boolean enabled, String defaultAgent, String logLevel, AgentLimits globalLimits,
                        Map<String, AgentLimits> agents, List<ThreadRule> threadRules) {
    this(enabled, defaultAgent, logLevel, globalLimits, agents, threadRules, TelemetrySettings.defaults());
  }

  /** As above, with the telemetry settings. */
  public GovernorConfig(boolean enabled, String defaultAgent, String logLevel, AgentLimits globalLimits,
                        Map<String, AgentLimits> agents, List<ThreadRule> threadRules,
                        TelemetrySettings telemetry) {
    this.enabled = enabled;
    this.defaultAgent = Objects.requireNonNull(defaultAgent, "defaultAgent");
    if (!ValueParser.LOG_LEVELS.contains(logLevel)) {
      throw new IllegalArgumentException("logLevel must be one of " + ValueParser.LOG_LEVELS + ": " + logLevel);
    }
    this.logLevel = logLevel;
    this.globalLimits = Objects.requireNonNull(globalLimits, "globalLimits");
    if (!agents.containsKey(defaultAgent)) {
      throw new IllegalArgumentException("agents must contain the default agent " + defaultAgent);
    }
    Map<String, AgentLimits> ordered = new LinkedHashMap<>();
    ordered.put(defaultAgent, agents.get(defaultAgent));
    ordered.putAll(agents);
    this.agents = Collections.unmodifiableMap(ordered);
    this.threadRules = List.copyOf(threadRules);
    this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
  }

  /** Enabled, agent "default" without limits, log level info: what an empty configuration yields. */
  public static GovernorConfig defaults() {
    return new GovernorConfig(true, Keys.DEFAULT_AGENT_ID, "info", AgentLimits.unlimited(),
        Map.of(Keys.DEFAULT_AGENT_ID, AgentLimits.unlimited()), List.of());
  }

  public boolean enabled() {
    return enabled;
  }

  public String defaultAgent() {
    return defaultAgent;
  }

  /** One of error, warn, info, debug (lower case). */
  public String logLevel() {
    return logLevel;
  }

  /** Limits from global settings alone: what an agent id with no settings of its own gets. */
  public AgentLimits globalLimits() {
    return globalLimits;
  }

  /** Every known agent id (the default agent first, then the others sorted) to its merged limits. */
  public Map<String, AgentLimits> agents() {
    return agents;
  }

  /** The agent's merged limits; for an id not in {@link #agents()}, {@link #globalLimits()}. */
  public AgentLimits limitsFor(String agentId) {
    return agents.getOrDefault(agentId, globalLimits);
  }

  /** One rule per agent with {@code match.thread}, ordered by agent id ({@link String#compareTo}). */
  public List<ThreadRule> threadRules() {
    return threadRules;
  }

  /** What the governor's own OpenTelemetry SDK records and how it exports. */
  public TelemetrySettings telemetry() {
    return telemetry;
  }

  /** The agent of the first rule matching the thread name, else the default agent. */
  public String agentForThread(String threadName) {
    for (ThreadRule rule : threadRules) {
      if (rule.matches(threadName)) {
        return rule.agentId();
      }
    }
    return defaultAgent;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GovernorConfig c && enabled == c.enabled && defaultAgent.equals(c.defaultAgent)
        && logLevel.equals(c.logLevel) && globalLimits.equals(c.globalLimits) && agents.equals(c.agents)
        && List.copyOf(agents.keySet()).equals(List.copyOf(c.agents.keySet())) && threadRules.equals(c.threadRules)
        && telemetry.equals(c.telemetry);
  }

  @Override
  public int hashCode() {
    return Objects.hash(enabled, defaultAgent, logLevel, globalLimits, agents, threadRules, telemetry);
  }

  @Override
  public String toString() {
    return "GovernorConfig[enabled=" + enabled + ", defaultAgent=" + defaultAgent + ", logLevel=" + logLevel
        + ", globalLimits=" + globalLimits + ", agents=" + agents + ", threadRules=" + threadRules + ", telemetry=" + telemetry + "]";
  }
}

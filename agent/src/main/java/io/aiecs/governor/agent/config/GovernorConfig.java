package io.aiecs.governor.agent.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The validated, immutable configuration of the governor. Build it with {@link ConfigLoader} or {@link #defaults()}.
 *
 * <h2>Scopes</h2>
 * A call must pass its agent's limits ({@link #limitsFor}) and, if present, the process scope's
 * ({@link #processLimits()}), the budget of all agents together.
 *
 * <h2>Which agent a call belongs to</h2>
 * Decided in this order, the first that applies wins:
 * <ol>
 *   <li>the agent of the enclosing task, if the call runs inside an invocation of an {@link #entryPoints() entry
 *       point} (a runtime concern: the task follows work handed to other threads);</li>
 *   <li>{@link #callerRules() match.caller} rules: the nearest stack frame matching any caller rule decides;</li>
 *   <li>{@link #threadRules() match.thread} rules, on the current thread's name;</li>
 *   <li>{@link #modelRules() match.model} rules, on the request's model name;</li>
 *   <li>the {@link #defaultAgent() default agent}.</li>
 * </ol>
 * Within one kind of rule, agents are tried in id order ({@link String#compareTo}), and an agent's
 * {@code match.caller} entries in the order written.
 */
public final class GovernorConfig {
  private final boolean enabled;
  private final String defaultAgent;
  private final String logLevel;
  private final AgentLimits globalLimits;
  private final Map<String, AgentLimits> agents;
  private final List<ThreadRule> threadRules;
  private final AgentLimits processLimits;
  private final List<MethodRef> toolMethods;
  private final Map<String, List<MethodRef>> entryPoints;
  private final List<CallerRule> callerRules;
  private final List<ModelRule> modelRules;
  private final TelemetrySettings telemetry;
  private final Set<String> disabledInstrumentations;
  private final Set<String> excludedClassLoaders;

  /** A configuration without process scope, tool methods, entry points, caller or model rules. */
  public GovernorConfig(boolean enabled, String defaultAgent, String logLevel, AgentLimits globalLimits,
                        Map<String, AgentLimits> agents, List<ThreadRule> threadRules) {
    this(enabled, defaultAgent, logLevel, globalLimits, agents, threadRules, null, List.of(), Map.of(), List.of(),
        List.of());
  }

  /**
   * @param globalLimits the limits of any agent id without settings of its own
   * @param agents must contain {@code defaultAgent}; it is moved to the front, the rest keep their order
   * @param threadRules tried in this order, the first match wins
   * @param processLimits the limits of all agents together; null = no process scope
   * @param entryPoints agent id to its entry methods; kept sorted by agent id
   * @param callerRules tried in this order, the first match on the nearest matching frame wins
   * @param modelRules tried in this order, the first match wins
   */
  public GovernorConfig(boolean enabled, String defaultAgent, String logLevel, AgentLimits globalLimits,
                        Map<String, AgentLimits> agents, List<ThreadRule> threadRules, AgentLimits processLimits,
                        List<MethodRef> toolMethods, Map<String, List<MethodRef>> entryPoints,
                        List<CallerRule> callerRules, List<ModelRule> modelRules) {
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
    this.processLimits = processLimits;
    this.toolMethods = List.copyOf(toolMethods);
    Map<String, List<MethodRef>> entries = new TreeMap<>();
    for (Map.Entry<String, List<MethodRef>> e : entryPoints.entrySet()) {
      entries.put(e.getKey(), List.copyOf(e.getValue()));
    }
    this.entryPoints = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    this.callerRules = List.copyOf(callerRules);
    this.modelRules = List.copyOf(modelRules);
    this.telemetry = TelemetrySettings.defaults();
    this.disabledInstrumentations = Set.of();
    this.excludedClassLoaders = Set.of();
  }

  private GovernorConfig(GovernorConfig c, TelemetrySettings telemetry, Set<String> disabledInstrumentations,
                         Set<String> excludedClassLoaders) {
    this.enabled = c.enabled;
    this.defaultAgent = c.defaultAgent;
    this.logLevel = c.logLevel;
    this.globalLimits = c.globalLimits;
    this.agents = c.agents;
    this.threadRules = c.threadRules;
    this.processLimits = c.processLimits;
    this.toolMethods = c.toolMethods;
    this.entryPoints = c.entryPoints;
    this.callerRules = c.callerRules;
    this.modelRules = c.modelRules;
    this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
    this.disabledInstrumentations = Set.copyOf(disabledInstrumentations);
    this.excludedClassLoaders = Set.copyOf(excludedClassLoaders);
  }

  /** This configuration with other telemetry settings. */
  public GovernorConfig withTelemetry(TelemetrySettings telemetry) {
    return new GovernorConfig(this, telemetry, disabledInstrumentations, excludedClassLoaders);
  }

  /** This configuration with these instrumentations switched off ({@code instrumentation.<name>.enabled=false}). */
  public GovernorConfig withDisabledInstrumentations(Set<String> names) {
    return new GovernorConfig(this, telemetry, names, excludedClassLoaders);
  }

  /** This configuration with classes of these class loaders left alone ({@code exclude-class-loaders}). */
  public GovernorConfig withExcludedClassLoaders(Set<String> loaderClassNames) {
    return new GovernorConfig(this, telemetry, disabledInstrumentations, loaderClassNames);
  }

  /** Class names of the class loaders whose classes are never woven ({@code aiecs.governor.exclude-class-loaders}). */
  public Set<String> excludedClassLoaders() {
    return excludedClassLoaders;
  }

  /** The instrumentations switched off by {@code aiecs.governor.instrumentation.<name>.enabled=false}. */
  public Set<String> disabledInstrumentations() {
    return disabledInstrumentations;
  }

  /** Whether the instrumentation module of this name may weave (all may, unless switched off). */
  public boolean instrumentationEnabled(String name) {
    return !disabledInstrumentations.contains(name);
  }

  /** What the governor's own OpenTelemetry SDK records and how it exports. */
  public TelemetrySettings telemetry() {
    return telemetry;
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

  /** Limits from plain settings alone: what an agent id with no settings of its own gets. */
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

  /**
   * The limits of all agents together ({@code aiecs.governor.global.<key>}), present iff some {@code global.} key
   * is set. Limits come from {@code global.} keys only, else they are unlimited: a plain
   * {@code max-tokens-per-minute} is each agent's default, never a process limit. The modes
   * ({@code enforce-limits}, {@code reject-on-limit}, {@code resource-wait-timeout-seconds},
   * {@code throttle-threshold}, {@code reject-as}) fall back to their plain values.
   */
  public Optional<AgentLimits> processLimits() {
    return Optional.ofNullable(processLimits);
  }

  /** The methods instrumented as tool executions ({@code tool-methods}), in the order written, without repeats. */
  public List<MethodRef> toolMethods() {
    return toolMethods;
  }

  /**
   * Agent id (sorted) to the methods whose invocations are its tasks ({@code agent.<id>.entry}); only agents with
   * entry points. No method belongs to two agents.
   */
  public Map<String, List<MethodRef>> entryPoints() {
    return entryPoints;
  }

  /** The {@code match.caller} rules, ordered by agent id, then as written. */
  public List<CallerRule> callerRules() {
    return callerRules;
  }

  /** One rule per agent with {@code match.thread}, ordered by agent id ({@link String#compareTo}). */
  public List<ThreadRule> threadRules() {
    return threadRules;
  }

  /** One rule per agent with {@code match.model}, ordered by agent id. */
  public List<ModelRule> modelRules() {
    return modelRules;
  }

  /** The agent of the first thread rule matching the thread name, else the default agent. */
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
        && Objects.equals(processLimits, c.processLimits) && toolMethods.equals(c.toolMethods)
        && entryPoints.equals(c.entryPoints) && callerRules.equals(c.callerRules) && modelRules.equals(c.modelRules)
        && telemetry.equals(c.telemetry) && disabledInstrumentations.equals(c.disabledInstrumentations)
        && excludedClassLoaders.equals(c.excludedClassLoaders);
  }

  @Override
  public int hashCode() {
    return Objects.hash(enabled, defaultAgent, logLevel, globalLimits, agents, threadRules, processLimits,
        toolMethods, entryPoints, callerRules, modelRules, telemetry, disabledInstrumentations,
        excludedClassLoaders);
  }

  @Override
  public String toString() {
    return "GovernorConfig[enabled=" + enabled + ", defaultAgent=" + defaultAgent + ", logLevel=" + logLevel
        + ", globalLimits=" + globalLimits + ", agents=" + agents + ", threadRules=" + threadRules
        + ", processLimits=" + processLimits + ", toolMethods=" + toolMethods + ", entryPoints=" + entryPoints
        + ", callerRules=" + callerRules + ", modelRules=" + modelRules + ", telemetry=" + telemetry
        + ", disabledInstrumentations=" + disabledInstrumentations + ", excludedClassLoaders=" + excludedClassLoaders
        + "]";
  }
}

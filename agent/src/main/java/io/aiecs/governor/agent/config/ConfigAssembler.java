package io.aiecs.governor.agent.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Checks the rules that span keys and merges the levels into a {@link GovernorConfig}: each agent's own values
 * over the plain ones, and the process scope from its {@code global.} values (plus the plain shared modes).
 *
 * <p>This runs on the host's main thread before its {@code main} (issue 6): plain loops, no lambdas or streams.
 */
final class ConfigAssembler {
  static final Duration DEFAULT_WAIT = Duration.ofSeconds(60);
  private static final Long NO_LIMIT = (long) AgentLimits.UNLIMITED;

  private final ResolvedSettings settings;
  private final List<String> problems;

  ConfigAssembler(ResolvedSettings settings, List<String> problems) {
    this.settings = settings;
    this.problems = problems;
  }

  /** The configuration, or null when any problem was found (here or before). */
  GovernorConfig assemble() {
    String defaultAgent = settings.value(SettingKey.global(ConfigKey.DEFAULT_AGENT), String.class)
        .orElse(Keys.DEFAULT_AGENT_ID);
    List<String> agentIds = new ArrayList<>();
    agentIds.add(defaultAgent);
    for (String id : settings.agentIds()) {
      if (!id.equals(defaultAgent)) {
        agentIds.add(id);
      }
    }
    checkBurstSizes(agentIds);
    Map<String, List<MethodRef>> entryPoints = entryPoints();
    if (!problems.isEmpty()) {
      return null;
    }
    Map<String, AgentLimits> agents = new LinkedHashMap<>();
    for (String id : agentIds) {
      agents.put(id, limits(id, false));
    }
    // settings.agentIds() is sorted: within one kind of rule, agents are tried in id order
    List<ThreadRule> threadRules = new ArrayList<>();
    List<CallerRule> callerRules = new ArrayList<>();
    List<ModelRule> modelRules = new ArrayList<>();
    for (String id : settings.agentIds()) {
      Pattern thread = settings.value(SettingKey.of(id, ConfigKey.MATCH_THREAD), Pattern.class).orElse(null);
      if (thread != null) {
        threadRules.add(new ThreadRule(id, thread));
      }
      for (String caller : settings.list(SettingKey.of(id, ConfigKey.MATCH_CALLER), String.class).orElse(List.of())) {
        callerRules.add(CallerRule.of(id, caller));
      }
      Pattern model = settings.value(SettingKey.of(id, ConfigKey.MATCH_MODEL), Pattern.class).orElse(null);
      if (model != null) {
        modelRules.add(new ModelRule(id, model));
      }
    }
    TelemetrySettings telemetry = new TelemetrySettings(
        settings.value(SettingKey.global(ConfigKey.GENAI_METRICS_ENABLED), Boolean.class).orElse(true),
        settings.value(SettingKey.global(ConfigKey.TRACES_ENABLED), Boolean.class).orElse(false),
        settings.otelProperties());
    return new GovernorConfig(
        settings.value(SettingKey.global(ConfigKey.ENABLED), Boolean.class).orElse(true),
        defaultAgent,
        settings.value(SettingKey.global(ConfigKey.LOG_LEVEL), String.class).orElse("info"),
        limits(null, false), agents, threadRules,
        settings.anyProcessSetting() ? limits(null, true) : null,
        settings.list(SettingKey.global(ConfigKey.TOOL_METHODS), MethodRef.class).orElse(List.of()),
        entryPoints, callerRules, modelRules).withTelemetry(telemetry)
        .withDisabledInstrumentations(disabledInstrumentations())
        .withExcludedClassLoaders(Set.copyOf(
            settings.list(SettingKey.global(ConfigKey.EXCLUDE_CLASS_LOADERS), String.class).orElse(List.of())));
  }

  /**
   * token-burst-size is the bucket capacity of the per-minute limit, so wherever it applies (plainly, for each
   * agent after merging, and for the process scope) a per-minute limit must apply too. One line per offending
   * setting.
   */
  private void checkBurstSizes(List<String> agentIds) {
    Optional<RawSetting> global = settings.mergedSource(SettingKey.global(ConfigKey.TOKEN_BURST_SIZE));
    boolean globalReported = false;
    if (global.isPresent() && lacksMinuteLimit(SettingKey.global(ConfigKey.MAX_TOKENS_PER_MINUTE))) {
      problems.add(global.get().describe() + ": only valid when max-tokens-per-minute is set");
      globalReported = true;
    }
    RawSetting processBurst = settings.mergedSource(SettingKey.process(ConfigKey.TOKEN_BURST_SIZE)).orElse(null);
    if (processBurst != null && lacksMinuteLimit(SettingKey.process(ConfigKey.MAX_TOKENS_PER_MINUTE))) {
      problems.add(processBurst.describe() + ": only valid when " + Keys.process(ConfigKey.MAX_TOKENS_PER_MINUTE)
          + " is set");
    }
    Map<RawSetting, List<String>> lacking = new LinkedHashMap<>();
    for (String id : agentIds) {
      Optional<RawSetting> burst = settings.mergedSource(SettingKey.of(id, ConfigKey.TOKEN_BURST_SIZE));
      boolean alreadyReported = globalReported && burst.equals(global);
      if (burst.isPresent() && !alreadyReported
          && lacksMinuteLimit(SettingKey.of(id, ConfigKey.MAX_TOKENS_PER_MINUTE))) {
        List<String> ids = lacking.get(burst.get());
        if (ids == null) {
          ids = new ArrayList<>();
          lacking.put(burst.get(), ids);
        }
        ids.add(id);
      }
    }
    for (Map.Entry<RawSetting, List<String>> e : lacking.entrySet()) {
      List<String> ids = e.getValue();
      problems.add(e.getKey().describe() + ": only valid when max-tokens-per-minute is set for "
          + (ids.size() == 1 ? "agent " : "agents ") + String.join(", ", ids));
    }
  }

  private boolean lacksMinuteLimit(SettingKey perMinute) {
    if (settings.anyInvalid(perMinute)) {
      return false; // already reported; don't pile a second message on the same mistake
    }
    return settings.merged(perMinute, Long.class).orElse(NO_LIMIT) == AgentLimits.UNLIMITED;
  }

  /**
   * Each agent's entry methods, agents sorted by id. A method may be the entry of one agent only: every further
   * agent naming it gets a problem line.
   */
  private Map<String, List<MethodRef>> entryPoints() {
    Map<String, List<MethodRef>> entryPoints = new LinkedHashMap<>();
    Map<MethodRef, String> owners = new LinkedHashMap<>();
    for (String id : settings.agentIds()) {
      SettingKey key = SettingKey.of(id, ConfigKey.ENTRY);
      List<MethodRef> methods = settings.list(key, MethodRef.class).orElse(List.of());
      for (MethodRef m : methods) {
        String owner = owners.putIfAbsent(m, id);
        if (owner != null) {
          problems.add(settings.winner(key).orElseThrow().describe() + ": " + m
              + " is already an entry of agent " + owner);
        }
      }
      if (!methods.isEmpty()) {
        entryPoints.put(id, methods);
      }
    }
    return entryPoints;
  }

  /** The names set to {@code instrumentation.<name>.enabled=false}. */
  private Set<String> disabledInstrumentations() {
    Set<String> disabled = new TreeSet<>();
    for (Map.Entry<String, Boolean> e : settings.namedValues(ConfigKey.INSTRUMENTATION_ENABLED, Boolean.class)
        .entrySet()) {
      if (!e.getValue()) {
        disabled.add(e.getKey());
      }
    }
    return disabled;
  }

  /**
   * The merged limits of one level: an agent's ({@code agentId}), the process scope's ({@code process}) or, with
   * neither, the plain one.
   */
  private AgentLimits limits(String agentId, boolean process) {
    Level at = new Level(agentId, process);
    long perMinute = merged(at, ConfigKey.MAX_TOKENS_PER_MINUTE, Long.class).orElse(NO_LIMIT);
    long burst = perMinute == AgentLimits.UNLIMITED
        ? AgentLimits.UNLIMITED
        : merged(at, ConfigKey.TOKEN_BURST_SIZE, Long.class).orElse(perMinute);
    return new AgentLimits(
        merged(at, ConfigKey.MAX_CONCURRENT_TASKS, Integer.class).orElse(AgentLimits.UNLIMITED),
        perMinute,
        merged(at, ConfigKey.MAX_TOKENS_PER_HOUR, Long.class).orElse(NO_LIMIT),
        burst,
        merged(at, ConfigKey.ENFORCE_LIMITS, Boolean.class).orElse(true),
        merged(at, ConfigKey.REJECT_ON_LIMIT, Boolean.class).orElse(false),
        merged(at, ConfigKey.RESOURCE_WAIT_TIMEOUT_SECONDS, Duration.class).orElse(DEFAULT_WAIT),
        merged(at, ConfigKey.MAX_TOOL_CALLS_PER_MINUTE, Long.class).orElse(NO_LIMIT),
        merged(at, ConfigKey.MAX_TOOL_CALLS_PER_HOUR, Long.class).orElse(NO_LIMIT),
        merged(at, ConfigKey.MAX_MEMORY_MB, Long.class).orElse(NO_LIMIT),
        taskTimeout(merged(at, ConfigKey.TASK_TIMEOUT_SECONDS, Duration.class).orElse(null)),
        merged(at, ConfigKey.THROTTLE_THRESHOLD, Double.class).orElse(AgentLimits.NO_THROTTLING),
        merged(at, ConfigKey.REJECT_AS, RejectAs.class).orElse(RejectAs.GOVERNOR));
  }

  /** {@code none} ({@link ValueParser#NO_TASK_TIMEOUT}) lifts a timeout: null in {@link AgentLimits}. */
  private static Duration taskTimeout(Duration parsed) {
    return ValueParser.NO_TASK_TIMEOUT.equals(parsed) ? null : parsed;
  }

  /** One level's key of each {@link ConfigKey}: an agent's, the process scope's, or (neither) the plain one. */
  private record Level(String agentId, boolean process) {
    SettingKey of(ConfigKey key) {
      return new SettingKey(agentId, process, key, null);
    }
  }

  private <T> Optional<T> merged(Level at, ConfigKey key, Class<T> type) {
    return settings.merged(at.of(key), type);
  }
}

package io.aiecs.governor.agent.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Checks the rules that span keys and merges global and per-agent values into a {@link GovernorConfig}. */
final class ConfigAssembler {
  static final Duration DEFAULT_WAIT = Duration.ofSeconds(60);
  private static final Long NO_TOKEN_LIMIT = (long) AgentLimits.UNLIMITED;

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
    settings.agentIds().stream().filter(id -> !id.equals(defaultAgent)).forEach(agentIds::add);
    checkBurstSizes(agentIds);
    if (!problems.isEmpty()) {
      return null;
    }
    Map<String, AgentLimits> agents = new LinkedHashMap<>();
    for (String id : agentIds) {
      agents.put(id, limits(id));
    }
    List<ThreadRule> rules = new ArrayList<>();
    for (String id : settings.agentIds()) { // sorted: the documented rule order
      settings.value(SettingKey.of(id, ConfigKey.MATCH_THREAD), Pattern.class)
          .ifPresent(p -> rules.add(new ThreadRule(id, p)));
    }
    TelemetrySettings telemetry = new TelemetrySettings(
        settings.value(SettingKey.global(ConfigKey.GENAI_METRICS_ENABLED), Boolean.class).orElse(true),
        settings.value(SettingKey.global(ConfigKey.TRACES_ENABLED), Boolean.class).orElse(false),
        settings.otelProperties());
    return new GovernorConfig(
        settings.value(SettingKey.global(ConfigKey.ENABLED), Boolean.class).orElse(true),
        defaultAgent,
        settings.value(SettingKey.global(ConfigKey.LOG_LEVEL), String.class).orElse("info"),
        limits(null), agents, rules, telemetry);
  }

  /**
   * token-burst-size is the bucket capacity of the per-minute limit, so wherever it applies (globally, and for
   * each agent after merging) a per-minute limit must apply too. One line per offending setting.
   */
  private void checkBurstSizes(List<String> agentIds) {
    Optional<RawSetting> global = settings.mergedSource(null, ConfigKey.TOKEN_BURST_SIZE);
    boolean globalReported = false;
    if (global.isPresent() && lacksMinuteLimit(null)) {
      problems.add(global.get().describe() + ": only valid when max-tokens-per-minute is set");
      globalReported = true;
    }
    Map<RawSetting, List<String>> lacking = new LinkedHashMap<>();
    for (String id : agentIds) {
      Optional<RawSetting> burst = settings.mergedSource(id, ConfigKey.TOKEN_BURST_SIZE);
      boolean alreadyReported = globalReported && burst.equals(global);
      if (burst.isPresent() && !alreadyReported && lacksMinuteLimit(id)) {
        lacking.computeIfAbsent(burst.get(), b -> new ArrayList<>()).add(id);
      }
    }
    lacking.forEach((burst, ids) -> problems.add(burst.describe()
        + ": only valid when max-tokens-per-minute is set for " + (ids.size() == 1 ? "agent " : "agents ")
        + String.join(", ", ids)));
  }

  private boolean lacksMinuteLimit(String agentId) {
    if (settings.anyInvalid(agentId, ConfigKey.MAX_TOKENS_PER_MINUTE)) {
      return false; // already reported; don't pile a second message on the same mistake
    }
    return settings.merged(agentId, ConfigKey.MAX_TOKENS_PER_MINUTE, Long.class)
        .orElse(NO_TOKEN_LIMIT) == AgentLimits.UNLIMITED;
  }

  private AgentLimits limits(String id) {
    long perMinute = settings.merged(id, ConfigKey.MAX_TOKENS_PER_MINUTE, Long.class).orElse(NO_TOKEN_LIMIT);
    long burst = perMinute == AgentLimits.UNLIMITED
        ? AgentLimits.UNLIMITED
        : settings.merged(id, ConfigKey.TOKEN_BURST_SIZE, Long.class).orElse(perMinute);
    return new AgentLimits(
        settings.merged(id, ConfigKey.MAX_CONCURRENT_TASKS, Integer.class).orElse(AgentLimits.UNLIMITED),
        perMinute,
        settings.merged(id, ConfigKey.MAX_TOKENS_PER_HOUR, Long.class).orElse(NO_TOKEN_LIMIT),
        burst,
        settings.merged(id, ConfigKey.ENFORCE_LIMITS, Boolean.class).orElse(true),
        settings.merged(id, ConfigKey.REJECT_ON_LIMIT, Boolean.class).orElse(false),
        settings.merged(id, ConfigKey.RESOURCE_WAIT_TIMEOUT_SECONDS, Duration.class).orElse(DEFAULT_WAIT));
  }
}

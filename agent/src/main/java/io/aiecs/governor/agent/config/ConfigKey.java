package io.aiecs.governor.agent.config;

import java.util.Optional;

/**
 * Every configuration key the governor knows, without the {@value #PREFIX} prefix. This enum is the single
 * description of the contract: the loader, the "did you mean" suggestions and the README table all come from it.
 */
public enum ConfigKey {
  ENABLED("enabled", Scope.GLOBAL, "true",
      "`true` or `false`. `false` switches the governor off entirely."),
  MAX_CONCURRENT_TASKS("max-concurrent-tasks", Scope.GLOBAL_AND_AGENT, "unlimited",
      "Whole number >= 1, or `unlimited`: how many governed calls may run at the same time."),
  MAX_TOKENS_PER_MINUTE("max-tokens-per-minute", Scope.GLOBAL_AND_AGENT, "unlimited",
      "Whole number >= 1, or `unlimited`: tokens per minute (token bucket refill rate)."),
  MAX_TOKENS_PER_HOUR("max-tokens-per-hour", Scope.GLOBAL_AND_AGENT, "unlimited",
      "Whole number >= 1, or `unlimited`: tokens per hour."),
  TOKEN_BURST_SIZE("token-burst-size", Scope.GLOBAL_AND_AGENT, "same as max-tokens-per-minute",
      "Whole number >= 1: token bucket capacity, the most tokens usable at once."
          + " Only valid where `max-tokens-per-minute` is set."),
  ENFORCE_LIMITS("enforce-limits", Scope.GLOBAL_AND_AGENT, "true",
      "`true` or `false`. `false` = monitor only: usage is measured and logged, calls are never held back."),
  REJECT_ON_LIMIT("reject-on-limit", Scope.GLOBAL_AND_AGENT, "false",
      "`true` or `false`. `true` = reject a call at once when a limit is reached; `false` = wait for capacity."),
  RESOURCE_WAIT_TIMEOUT_SECONDS("resource-wait-timeout-seconds", Scope.GLOBAL_AND_AGENT, "60",
      "Seconds, a decimal >= 0 such as `0.5`: how long a call waits for capacity before it is rejected."),
  DEFAULT_AGENT("default-agent", Scope.GLOBAL, "default",
      "Agent id (letters, digits, `_`, `-`) for calls that no `match.thread` rule assigns to another agent."),
  CONFIG_FILE("config-file", Scope.GLOBAL, "none",
      "Path of a `.properties` file (UTF-8) read as a further source, below environment variables."),
  LOG_LEVEL("log-level", Scope.GLOBAL, "info",
      "`error`, `warn`, `info` or `debug`: the governor's own log level."),
  MATCH_THREAD("match.thread", Scope.AGENT_ONLY, "none",
      "Java regular expression: calls from threads whose whole name matches it belong to agent `<id>`."),
  GENAI_METRICS_ENABLED("genai-metrics.enabled", Scope.GLOBAL, "true",
      "`true` or `false`. `false` leaves out the GenAI semantic-convention metrics (`gen_ai.client.*`), e.g. when"
          + " the OpenTelemetry Java agent already records them; the `aiecs.governor.*` metrics stay."),
  TRACES_ENABLED("traces.enabled", Scope.GLOBAL, "false",
      "`true` or `false`. `true` exports a span per governed call (GenAI attributes and the admission decision)"
          + " through the exporter `otel.traces.exporter` names.");

  /**
   * Keys {@code aiecs.governor.otel.<name>} (env {@code AIECS_GOVERNOR_OTEL_<NAME>}) are not in the table above:
   * they pass {@code otel.<name>} to the governor's own OpenTelemetry SDK, above the standard {@code otel.*}
   * system properties and {@code OTEL_*} variables, so the governor can export apart from an OpenTelemetry
   * agent in the same JVM. The SDK checks their values.
   */
  public static final String OTEL_PASS_THROUGH = "otel.";

  /** Prefix of every key in system properties, agent arguments (optional there) and config files (optional). */
  public static final String PREFIX = "aiecs.governor.";

  /** Where a key may be set: globally, per agent as {@code agent.<id>.<key>}, or both. */
  enum Scope { GLOBAL, GLOBAL_AND_AGENT, AGENT_ONLY }

  private final String key;
  private final Scope scope;
  private final String defaultValue;
  private final String description;

  ConfigKey(String key, Scope scope, String defaultValue, String description) {
    this.key = key;
    this.scope = scope;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  /** The key without prefix, kebab-case, e.g. {@code max-tokens-per-minute}. */
  public String key() {
    return key;
  }

  /** Whether the key may be set for one agent as {@code aiecs.governor.agent.<id>.<key>}. */
  public boolean perAgent() {
    return scope != Scope.GLOBAL;
  }

  /** Whether the key may be set without an agent, as {@code aiecs.governor.<key>}. */
  public boolean global() {
    return scope != Scope.AGENT_ONLY;
  }

  /** The default as text ("unlimited", "none", ...), for documentation. */
  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  /** The full property name as documented: global form, or {@code agent.<id>.} form for agent-only keys. */
  public String propertyName() {
    return global() ? PREFIX + key : propertyName("<id>");
  }

  /** The full property name of this key for one agent. */
  public String propertyName(String agentId) {
    return PREFIX + "agent." + agentId + "." + key;
  }

  /** The known key with exactly this kebab-case name (no prefix, no agent part). */
  public static Optional<ConfigKey> byKey(String key) {
    for (ConfigKey k : values()) {
      if (k.key.equals(key)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  /** A Markdown table of every key, for the README's configuration section. */
  public static String markdownTable() {
    StringBuilder table = new StringBuilder("| key | default | description |\n|---|---|---|\n");
    for (ConfigKey k : values()) {
      String marker = switch (k.scope) {
        case GLOBAL -> "";
        case GLOBAL_AND_AGENT -> " (also per agent: `" + k.propertyName("<id>") + "`)";
        case AGENT_ONLY -> " (per agent only)";
      };
      table.append("| `").append(k.propertyName()).append('`').append(marker)
          .append(" | ").append(cell(k.defaultValue))
          .append(" | ").append(cell(k.description)).append(" |\n");
    }
    table.append("| `").append(PREFIX).append(OTEL_PASS_THROUGH).append("<name>` | none | ")
        .append("Passes `otel.<name>` to the governor's own OpenTelemetry SDK only, above `otel.<name>` and")
        .append(" `OTEL_<NAME>` (which it reads too), e.g. `aiecs.governor.otel.metrics.exporter=prometheus`. |\n");
    return table.toString();
  }

  private static String cell(String text) {
    return text.replace("|", "\\|");
  }
}

package io.aiecs.governor.agent.config;

import java.util.Optional;

/**
 * Every configuration key the governor knows, without the {@value #PREFIX} prefix. This enum is the single
 * description of the contract: the loader, the "did you mean" suggestions and the README table all come from it.
 *
 * <p>A key is set at one of three levels. Plain, {@code aiecs.governor.<key>}: for global-only keys the value, for
 * limits and modes the default of each agent. Per agent, {@code aiecs.governor.agent.<id>.<key>}: that agent's
 * value, beating the plain one. Process-wide, {@code aiecs.governor.global.<key>}: the scope of all agents
 * together (e.g. one API key's provider quota), which a call must pass as well as its agent's. The process scope
 * exists only when some {@code global.} key is set, and it does not inherit plain limits ({@link Scope#LIMIT}:
 * {@code max-tokens-per-minute=100} means each agent 100 a minute, not the process); it does inherit plain modes
 * ({@link Scope#MODE}: {@code reject-on-limit=true} applies to the process scope too unless
 * {@code global.reject-on-limit} says otherwise).
 *
 * <p>Which agent a call belongs to is decided in this order: 1. the agent of an enclosing {@code entry} task;
 * 2. {@code match.caller} rules; 3. {@code match.thread} rules; 4. {@code match.model} rules; 5. the default agent.
 * Within one kind of rule, agents are tried in id order.
 */
public enum ConfigKey {
  ENABLED("enabled", Scope.GLOBAL, "true",
      "`true` or `false`. `false` switches the governor off entirely."),
  MAX_CONCURRENT_TASKS("max-concurrent-tasks", Scope.LIMIT, "unlimited",
      "Whole number >= 1, or `unlimited`: how many governed tasks may run at the same time."),
  MAX_TOKENS_PER_MINUTE("max-tokens-per-minute", Scope.LIMIT, "unlimited",
      "Whole number >= 1, or `unlimited`: tokens per minute (token bucket refill rate)."),
  MAX_TOKENS_PER_HOUR("max-tokens-per-hour", Scope.LIMIT, "unlimited",
      "Whole number >= 1, or `unlimited`: tokens per hour."),
  TOKEN_BURST_SIZE("token-burst-size", Scope.LIMIT, "same as max-tokens-per-minute",
      "Whole number >= 1: token bucket capacity, the most tokens usable at once."
          + " Only valid where `max-tokens-per-minute` is set (for `global.`: where"
          + " `global.max-tokens-per-minute` is)."),
  MAX_TOOL_CALLS_PER_MINUTE("max-tool-calls-per-minute", Scope.LIMIT, "unlimited",
      "Whole number >= 1, or `unlimited`: tool executions per minute."),
  MAX_TOOL_CALLS_PER_HOUR("max-tool-calls-per-hour", Scope.LIMIT, "unlimited",
      "Whole number >= 1, or `unlimited`: tool executions per hour."),
  MAX_MEMORY_MB("max-memory-mb", Scope.LIMIT, "unlimited",
      "Whole number of MiB >= 1, or `unlimited`: heap in use after GC above this makes resources unavailable."),
  TASK_TIMEOUT_SECONDS("task-timeout-seconds", Scope.LIMIT, "none",
      "Seconds, a decimal > 0 such as `2.5`, or `none` (also `unlimited`): deadline of one task; when it passes,"
          + " the in-flight request is cancelled."),
  ENFORCE_LIMITS("enforce-limits", Scope.MODE, "true",
      "`true` or `false`. `false` = monitor only: usage is measured and logged, calls are never held back."),
  REJECT_ON_LIMIT("reject-on-limit", Scope.MODE, "false",
      "`true` or `false`. `true` = reject a call at once when a limit is reached; `false` = wait for capacity."),
  RESOURCE_WAIT_TIMEOUT_SECONDS("resource-wait-timeout-seconds", Scope.MODE, "60",
      "Seconds, a decimal >= 0 such as `0.5`: how long a call waits for capacity before it is rejected."),
  THROTTLE_THRESHOLD("throttle-threshold", Scope.MODE, "1 (off)",
      "Decimal > 0 and <= 1, or `off` (= 1): fraction of a budget used after which admissions are smoothed"
          + " (spaced by the refill rate) instead of bursting."),
  REJECT_AS("reject-as", Scope.MODE, "governor",
      "`governor` or `client`: a rejection is thrown as `ResourceLimitExceededException`, or as the intercepted"
          + " library's own rate-limit exception so the host's retry handling applies; openai-java and"
          + " anthropic-java calls (blocking and async) are instead answered attempt by attempt with a 429 inside"
          + " the SDK, so that its own retry loop backs off and retries (see \"How a call is governed\")."),
  DEFAULT_AGENT("default-agent", Scope.GLOBAL, "default",
      "Agent id (letters, digits, `_`, `-`) for calls no rule assigns. Rule order: the agent of an enclosing"
          + " `entry` task, then `match.caller`, `match.thread`, `match.model` rules, then this; within one kind of"
          + " rule, agents in id order."),
  CONFIG_FILE("config-file", Scope.GLOBAL, "none",
      "Path of a `.properties` file (UTF-8) read as a further source, below environment variables."),
  LOG_LEVEL("log-level", Scope.GLOBAL, "info",
      "`error`, `warn`, `info` or `debug`: the governor's own log level."),
  TOOL_METHODS("tool-methods", Scope.GLOBAL, "none",
      "Entries `fully.qualified.Class#method` or `fully.qualified.Class#*`, separated by `,` or `;`"
          + " (in agent arguments `;` or `\\,`): methods instrumented as tool executions."),
  ENTRY("entry", Scope.AGENT_ONLY, "none",
      "Entries `fully.qualified.Class#method`, separated by `,` or `;`: each invocation is a task of agent `<id>`,"
          + " and calls inside it belong to `<id>` before any rule. A method may be the entry of one agent only."),
  MATCH_CALLER("match.caller", Scope.AGENT_ONLY, "none",
      "Entries separated by `,` or `;`: a package prefix (`com.example.research`), a class"
          + " (`com.example.ResearchAgent`, nested classes included) or `Class#method`; calls whose nearest matching"
          + " stack frame matches belong to agent `<id>`. Checked after `entry`, before `match.thread`."),
  MATCH_THREAD("match.thread", Scope.AGENT_ONLY, "none",
      "Java regular expression: calls from threads whose whole name matches it belong to agent `<id>`."
          + " Checked after `match.caller`, before `match.model`."),
  MATCH_MODEL("match.model", Scope.AGENT_ONLY, "none",
      "Java regular expression: calls whose request model matches it (whole name) belong to agent `<id>`."
          + " Checked after `match.thread`, before `default-agent`."),
  GENAI_METRICS_ENABLED("genai-metrics.enabled", Scope.GLOBAL, "true",
      "`true` or `false`. `false` leaves out the GenAI semantic-convention metrics (`gen_ai.client.*`), e.g. when"
          + " the OpenTelemetry Java agent already records them; the `aiecs.governor.*` metrics stay."),
  TRACES_ENABLED("traces.enabled", Scope.GLOBAL, "false",
      "`true` or `false`. `true` exports a span per governed call (GenAI attributes and the admission decision)"
          + " through the exporter `otel.traces.exporter` names; a call made inside the application's own recording"
          + " span gets the decision as an event on that span instead."),
  EXCLUDE_CLASS_LOADERS("exclude-class-loaders", Scope.GLOBAL, "none",
      "Fully qualified class names of class loaders, separated by `,` or `;`: classes these loaders define are never"
          + " woven, so calls through them run ungoverned (the class's exact name; read at start). As the"
          + " OpenTelemetry agent's `otel.javaagent.exclude-class-loaders`, e.g. for a plugin loader to keep out."),
  INSTRUMENTATION_ENABLED("instrumentation.<name>.enabled", Scope.NAMED, "true",
      "`true` or `false`. `false` switches off one instrumentation: its classes are not woven and calls through"
          + " them run ungoverned. `<name>` is one of the switch column of the table of supported libraries"
          + " (e.g. `openai-java`).");

  /** The placeholder of a {@link Scope#NAMED} key, e.g. {@code instrumentation.<name>.enabled}. */
  public static final String NAME = "<name>";

  /**
   * Keys {@code aiecs.governor.otel.<name>} (env {@code AIECS_GOVERNOR_OTEL_<NAME>}) are not in the table above:
   * they pass {@code otel.<name>} to the governor's own OpenTelemetry SDK, above the standard {@code otel.*}
   * system properties and {@code OTEL_*} variables, so the governor can export apart from an OpenTelemetry
   * agent in the same JVM. The SDK checks their values.
   */
  public static final String OTEL_PASS_THROUGH = "otel.";

  /** Prefix of every key in system properties, agent arguments (optional there) and config files (optional). */
  public static final String PREFIX = "aiecs.governor.";

  /** Where a key may be set. */
  enum Scope {
    /** Only as {@code <key>}. */
    GLOBAL,
    /**
     * A limit: as {@code <key>} (each agent's default), {@code agent.<id>.<key>} and {@code global.<key>}; the
     * process scope has it only when set as {@code global.<key>}.
     */
    LIMIT,
    /** Like {@link #LIMIT}, but the process scope falls back to the plain {@code <key>}: modes are shared. */
    MODE,
    /** Only as {@code agent.<id>.<key>}. */
    AGENT_ONLY,
    /** Only without an agent, once per name: {@code <name>} in the key stands for a name (of an instrumentation). */
    NAMED
  }

  private static final String LIMIT_NOTE = " Process-wide only where set as `global.`; the plain key is each"
      + " agent's default, not a process limit.";
  private static final String MODE_NOTE = " Process-wide: the plain value unless set as `global.`.";

  private final String key;
  private final Scope scope;
  private final String defaultValue;
  private final String description;

  ConfigKey(String key, Scope scope, String defaultValue, String description) {
    this.key = key;
    this.scope = scope;
    this.defaultValue = defaultValue;
    this.description = description + switch (scope) {
      case LIMIT -> LIMIT_NOTE;
      case MODE -> MODE_NOTE;
      case GLOBAL, AGENT_ONLY, NAMED -> "";
    };
  }

  /** The key without prefix, kebab-case, e.g. {@code max-tokens-per-minute}. */
  public String key() {
    return key;
  }

  /** Whether the key may be set for one agent as {@code aiecs.governor.agent.<id>.<key>}. */
  public boolean perAgent() {
    return scope != Scope.GLOBAL && scope != Scope.NAMED;
  }

  /** Whether {@link #key()} holds the placeholder {@link #NAME}, as {@code instrumentation.<name>.enabled}. */
  public boolean named() {
    return scope == Scope.NAMED;
  }

  /** For a {@link #named()} key: the name in {@code key} if {@code key} has this key's shape. */
  public Optional<String> nameIn(String key) {
    if (!named()) {
      return Optional.empty();
    }
    int at = this.key.indexOf(NAME);
    String before = this.key.substring(0, at);
    String after = this.key.substring(at + NAME.length());
    if (key.length() > before.length() + after.length() && key.startsWith(before) && key.endsWith(after)) {
      return Optional.of(key.substring(before.length(), key.length() - after.length()));
    }
    return Optional.empty();
  }

  /** For a {@link #named()} key: the key with this name in place of {@link #NAME}. */
  public String withName(String name) {
    return key.replace(NAME, name);
  }

  /** Whether the key may be set without an agent, as {@code aiecs.governor.<key>}. */
  public boolean global() {
    return scope != Scope.AGENT_ONLY;
  }

  /** Whether the key may be set for the process scope as {@code aiecs.governor.global.<key>}. */
  public boolean processWide() {
    return scope == Scope.LIMIT || scope == Scope.MODE;
  }

  /** Whether the process scope falls back to the plain {@code aiecs.governor.<key>} when {@code global.} is unset. */
  public boolean sharedWithProcess() {
    return scope == Scope.MODE;
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
    return PREFIX + Keys.perAgent(agentId, this);
  }

  /** The full property name of this key for the process scope, {@code aiecs.governor.global.<key>}. */
  public String processPropertyName() {
    return PREFIX + Keys.process(this);
  }

  /** The known key with exactly this kebab-case name (no prefix, no agent part); never a {@link #named()} one. */
  public static Optional<ConfigKey> byKey(String key) {
    for (ConfigKey k : values()) {
      if (k.key.equals(key) && !k.named()) {
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
        case GLOBAL, NAMED -> "";
        case LIMIT, MODE -> " (also per agent: `" + k.propertyName("<id>") + "`; process-wide: `"
            + k.processPropertyName() + "`)";
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

package io.aiecs.governor;

/** A limit the governor enforces; names the one that decided a rejection or makes resources unavailable. */
public enum Limit {
  CONCURRENT_TASKS("max-concurrent-tasks"),
  TOKENS_PER_MINUTE("max-tokens-per-minute"),
  TOKENS_PER_HOUR("max-tokens-per-hour"),
  TOOL_CALLS_PER_MINUTE("max-tool-calls-per-minute"),
  TOOL_CALLS_PER_HOUR("max-tool-calls-per-hour"),
  MEMORY("max-memory-mb"),
  TASK_TIMEOUT("task-timeout-seconds");

  private final String configKey;

  Limit(String configKey) {
    this.configKey = configKey;
  }

  /** The configuration key that sets this limit, without the {@code aiecs.governor.} prefix. */
  public String configKey() {
    return configKey;
  }
}

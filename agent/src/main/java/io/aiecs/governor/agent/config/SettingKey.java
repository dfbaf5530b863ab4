package io.aiecs.governor.agent.config;

/** A validated key: a known {@link ConfigKey}, either global ({@code agentId == null}) or for one agent. */
record SettingKey(String agentId, ConfigKey key) {
  static SettingKey global(ConfigKey key) {
    return new SettingKey(null, key);
  }

  static SettingKey of(String agentId, ConfigKey key) {
    return new SettingKey(agentId, key);
  }

  String canonical() {
    return agentId == null ? key.key() : Keys.perAgent(agentId, key);
  }
}

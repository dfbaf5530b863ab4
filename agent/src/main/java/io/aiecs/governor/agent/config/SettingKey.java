package io.aiecs.governor.agent.config;

import java.util.List;
import java.util.Objects;

/**
 * A validated key: a known {@link ConfigKey} at one level: plain ({@code agentId == null}, not {@code process}),
 * for one agent, or for the process scope ({@code global.<key>}); {@code name} is the name in a
 * {@link ConfigKey#named()} key, else null.
 */
record SettingKey(String agentId, boolean process, ConfigKey key, String name) {
  SettingKey {
    if (process && agentId != null) {
      throw new IllegalArgumentException("a process-scope key has no agent: " + agentId);
    }
  }

  static SettingKey global(ConfigKey key) {
    return new SettingKey(null, false, key, null);
  }

  static SettingKey of(String agentId, ConfigKey key) {
    return new SettingKey(agentId, false, key, null);
  }

  static SettingKey process(ConfigKey key) {
    return new SettingKey(null, true, key, null);
  }

  /** A {@link ConfigKey#named()} key with its name, e.g. {@code instrumentation.openai-java.enabled}. */
  static SettingKey named(ConfigKey key, String name) {
    return new SettingKey(null, false, key, name);
  }

  /**
   * Where the value in effect at this key's level is looked up, first hit wins: the key itself, then for an agent
   * the plain key, for the process scope the plain key only if the key is a shared mode.
   */
  List<SettingKey> lookup() {
    if (agentId != null || (process && key.sharedWithProcess())) {
      return List.of(this, global(key));
    }
    return List.of(this);
  }

  // equals and hashCode written out: a record's own are bootstrapped through invokedynamic (ObjectMethods), which
  // costs the host's main thread a few ms of method-handle spinning before its main (issue 6); this is a hash key

  @Override
  public boolean equals(Object o) {
    return o instanceof SettingKey k && process == k.process && key == k.key && Objects.equals(agentId, k.agentId)
        && Objects.equals(name, k.name);
  }

  @Override
  public int hashCode() {
    return ((Objects.hashCode(agentId) * 31 + Boolean.hashCode(process)) * 31 + key.hashCode()) * 31
        + Objects.hashCode(name);
  }

  String canonical() {
    if (agentId != null) {
      return Keys.perAgent(agentId, key);
    }
    if (name != null) {
      return key.withName(name);
    }
    return process ? Keys.process(key) : key.key();
  }
}

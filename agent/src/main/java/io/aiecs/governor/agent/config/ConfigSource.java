package io.aiecs.governor.agent.config;

import java.nio.file.Path;
import java.util.Locale;

/** Where a raw setting came from. {@link Kind} is declared in precedence order, highest first. */
record ConfigSource(ConfigSource.Kind kind, String label) {
  enum Kind { AGENT_ARGUMENT, SYSTEM_PROPERTY, ENVIRONMENT, FILE }

  static final String ENV_PREFIX = "AIECS_GOVERNOR_";
  static final ConfigSource AGENT_ARGUMENT = new ConfigSource(Kind.AGENT_ARGUMENT, "agent argument");
  static final ConfigSource SYSTEM_PROPERTY = new ConfigSource(Kind.SYSTEM_PROPERTY, "system property");

  static ConfigSource environment(String variable) {
    return new ConfigSource(Kind.ENVIRONMENT, "environment variable " + variable);
  }

  static ConfigSource file(Path path) {
    return new ConfigSource(Kind.FILE, "file " + path.toAbsolutePath());
  }

  /** How a canonical key (no prefix) is spelled in this source, so a suggestion can be pasted straight back. */
  String render(String canonicalKey) {
    if (kind == Kind.ENVIRONMENT) {
      return ENV_PREFIX + canonicalKey.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
    return ConfigKey.PREFIX + canonicalKey;
  }
}

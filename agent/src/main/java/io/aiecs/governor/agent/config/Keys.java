package io.aiecs.governor.agent.config;

import java.util.regex.Pattern;

/** Spelling rules for keys and agent ids. */
final class Keys {
  static final String AGENT = "agent.";
  /** Prefix of the process scope's keys. {@code global} is reserved there; {@code agent.global.} is a normal id. */
  static final String GLOBAL = "global.";
  static final String DEFAULT_AGENT_ID = "default";
  static final String AGENT_ID_RULE = "letters, digits, _ and - only";
  private static final Pattern AGENT_ID = Pattern.compile("[A-Za-z0-9_-]+");

  private Keys() {}

  static boolean isValidAgentId(String id) {
    return id != null && AGENT_ID.matcher(id).matches();
  }

  /**
   * snake_case to kebab-case (the Python seed's spellings). The agent id of {@code agent.<id>.<key>} is left
   * alone because ids may contain underscores; dots stay, so {@code match.thread} is unchanged.
   */
  static String normalise(String suffix) {
    if (suffix.startsWith(AGENT)) {
      int dot = suffix.indexOf('.', AGENT.length());
      if (dot < 0) {
        return suffix;
      }
      return suffix.substring(0, dot + 1) + suffix.substring(dot + 1).replace('_', '-');
    }
    return suffix.replace('_', '-');
  }

  static String perAgent(String agentId, ConfigKey key) {
    return AGENT + agentId + "." + key.key();
  }

  static String process(ConfigKey key) {
    return GLOBAL + key.key();
  }
}

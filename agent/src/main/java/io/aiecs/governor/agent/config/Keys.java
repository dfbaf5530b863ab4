package io.aiecs.governor.agent.config;

/** Spelling rules for keys and agent ids. */
final class Keys {
  static final String AGENT = "agent.";
  /** Prefix of the process scope's keys. {@code global} is reserved there; {@code agent.global.} is a normal id. */
  static final String GLOBAL = "global.";
  static final String DEFAULT_AGENT_ID = "default";
  static final String AGENT_ID_RULE = "letters, digits, _ and - only";

  private Keys() {}

  /** One or more of {@code A-Z a-z 0-9 _ -} (a loop, not a regex: this runs before the host's main, issue 6). */
  static boolean isValidAgentId(String id) {
    if (id == null || id.isEmpty()) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
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

package io.aiecs.governor.agent.logging;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's logger: SLF4J Simple, relocated inside the agent, writing {@code [LEVEL] aiecs-governor - ...}
 * lines to stderr. Configured here before first use, so the host's own logging setup is never read or touched.
 */
public final class AgentLog {
  public static final String NAME = "aiecs-governor";
  // Relocated together with SLF4J by the shade plugin, so these set the bundled logger's properties only.
  private static final String PREFIX = "org.slf4j.simpleLogger.";

  private AgentLog() {}

  public static void configure(String level) {
    set("defaultLogLevel", level == null ? "info" : level);
    set("logFile", "System.err");
    set("showThreadName", "false");
    set("showDateTime", "true");
    set("dateTimeFormat", "HH:mm:ss.SSS");
    set("levelInBrackets", "true");
  }

  private static void set(String key, String value) {
    if (System.getProperty(PREFIX + key) == null) {
      System.setProperty(PREFIX + key, value);
    }
  }

  public static Logger get() {
    return LoggerFactory.getLogger(NAME);
  }
}

package io.aiecs.governor.agent.logging;

import org.slf4j.Logger;

/**
 * The agent's logger, behind the (relocated) SLF4J API: {@code HH:mm:ss.SSS [LEVEL] aiecs-governor - ...} lines
 * on stderr, at the level the configuration names. The host's own logging setup is never read or touched.
 *
 * <p>It is the agent's own small SLF4J logger ({@link AgentLogger}), not SLF4J Simple: that one formats its
 * time through {@code SimpleDateFormat}, whose locale data cost every host a few hundred ms of start (measured
 * on the project's 2-core machine), before the agent had logged a line.
 */
public final class AgentLog {
  public static final String NAME = "aiecs-governor";
  private static final AgentLogger LOG = new AgentLogger(NAME);

  private AgentLog() {}

  /** Sets the level: {@code error}, {@code warn}, {@code info} (the default) or {@code debug}. */
  public static void configure(String level) {
    AgentLogger.threshold(level);
  }

  public static Logger get() {
    return LOG;
  }
}

package io.aiecs.governor.launcher;

import java.io.File;
import java.lang.instrument.Instrumentation;

/**
 * Runs on the bootstrap class loader: builds the isolated {@link AgentClassLoader} and calls the agent's
 * installer inside it. The agent loader's parent is the platform loader, so the agent sees the JDK and the
 * bootstrap API, and nothing of the application's class path.
 */
public final class AgentStarter {
  private static volatile ClassLoader agentLoader;

  private AgentStarter() {}

  public static synchronized void start(Instrumentation inst, String agentArgs, boolean attached, File jar)
      throws Exception {
    if (agentLoader == null) {
      agentLoader = new AgentClassLoader(jar, ClassLoader.getPlatformClassLoader());
    }
    Class<?> installer = Class.forName("io.aiecs.governor.agent.AgentInstaller", true, agentLoader);
    installer.getMethod("install", Instrumentation.class, String.class, boolean.class, File.class)
        .invoke(null, inst, agentArgs, attached, jar);
  }
}

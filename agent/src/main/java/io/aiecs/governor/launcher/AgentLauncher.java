package io.aiecs.governor.launcher;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.util.jar.JarFile;

/**
 * The agent jar's {@code Premain-Class}, {@code Agent-Class} and {@code Main-Class}.
 *
 * <p>Loaded by the system class loader, it touches nothing but the JDK: it appends the agent jar to the
 * bootstrap class path (so the hooks and the public API become visible from every class loader), then hands
 * over to {@link AgentStarter} as loaded by the bootstrap loader. The agent's implementation and its
 * third-party libraries stay in the jar's {@code inst/} folder, loaded by {@link AgentClassLoader} only.
 * Any failure is printed and swallowed: the host then runs ungoverned, but it runs.
 *
 * <p>This package lives only in the agent jar, never in the bootstrap API artifact that applications compile
 * against: the JVM loads the {@code Premain-Class} through the application class path, and a copy there would
 * win, point at the wrong jar and start nothing.
 */
public final class AgentLauncher {
  private AgentLauncher() {}

  public static void premain(String agentArgs, Instrumentation inst) {
    launch(agentArgs, inst, false);
  }

  public static void agentmain(String agentArgs, Instrumentation inst) {
    launch(agentArgs, inst, true);
  }

  /** {@code java -jar aiecs-governor.jar [attach <pid> [key=value ...] | status <pid> | help]}. */
  public static void main(String[] args) throws Exception {
    File jar = agentJar();
    ClassLoader loader = new AgentClassLoader(jar, AgentLauncher.class.getClassLoader());
    Class<?> cli = Class.forName("io.aiecs.governor.agent.cli.GovernorCli", true, loader);
    int code = (int) cli.getMethod("run", String[].class, File.class).invoke(null, args, jar);
    System.exit(code);
  }

  private static void launch(String agentArgs, Instrumentation inst, boolean attached) {
    try {
      File jar = agentJar();
      inst.appendToBootstrapClassLoaderSearch(new JarFile(jar));
      Class<?> starter = Class.forName("io.aiecs.governor.launcher.AgentStarter", true, null);
      starter.getMethod("start", Instrumentation.class, String.class, boolean.class, File.class)
          .invoke(null, inst, agentArgs, attached, jar);
    } catch (Throwable t) {
      Throwable cause = t instanceof java.lang.reflect.InvocationTargetException ? t.getCause() : t;
      System.err.println("[aiecs-governor] ERROR the agent failed to start; the application runs ungoverned: " + cause);
      if (Boolean.getBoolean("aiecs.governor.debug")) {
        cause.printStackTrace();
      }
    }
  }

  private static File agentJar() throws Exception {
    return new File(AgentLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}

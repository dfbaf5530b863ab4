package io.aiecs.governor.agent.cli;

import com.sun.tools.attach.VirtualMachine;
import io.aiecs.governor.agent.cli.StatusTable.AgentRow;
import java.io.File;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * {@code java -jar aiecs-governor.jar <command>}: the command line of the agent jar.
 * <ul>
 *   <li>{@code attach <pid> [key=value ...]} loads the agent into a running JVM, which then governs its calls;
 *   <li>{@code help} (or no command) prints usage.
 * </ul>
 */
public final class GovernorCli {
  private final PrintStream out;
  private final PrintStream err;
  private final File agentJar;

  GovernorCli(PrintStream out, PrintStream err, File agentJar) {
    this.out = out;
    this.err = err;
    this.agentJar = agentJar;
  }

  /** Entry point called by the launcher; returns the process exit code. */
  public static int run(String[] args, File agentJar) {
    return new GovernorCli(System.out, System.err, agentJar).execute(Arrays.asList(args));
  }

  int execute(List<String> args) {
    if (args.isEmpty() || args.get(0).equals("help") || args.get(0).equals("--help") || args.get(0).equals("-h")) {
      usage(out);
      return 0;
    }
    String command = args.get(0);
    if (command.equals("attach")) {
      return attach(args.subList(1, args.size()));
    }
    if (command.equals("status")) {
      return status(args.subList(1, args.size()));
    }
    err.println("aiecs-governor: unknown command '" + command + "'");
    usage(err);
    return 2;
  }

  private int attach(List<String> args) {
    if (args.isEmpty() || !args.get(0).matches("\\d+")) {
      err.println("aiecs-governor: attach needs the process id of a running JVM: attach <pid> [key=value ...]");
      return 2;
    }
    String pid = args.get(0);
    List<String> settings = args.subList(1, args.size());
    for (String s : settings) {
      if (!s.contains("=")) {
        err.println("aiecs-governor: '" + s + "' is not key=value");
        return 2;
      }
    }
    // Commas separate settings in agent arguments; a comma inside a value (a regex) is escaped.
    String agentArgs = settings.stream().map(s -> s.replace(",", "\\,")).collect(Collectors.joining(","));
    try {
      VirtualMachine vm = VirtualMachine.attach(pid);
      try {
        vm.loadAgent(agentJar.getAbsolutePath(), agentArgs.isEmpty() ? null : agentArgs);
      } finally {
        vm.detach();
      }
    } catch (Exception e) {
      err.println("aiecs-governor: could not attach to " + pid + ": " + e);
      return 1;
    }
    out.println("aiecs-governor: attached to JVM " + pid
        + (settings.isEmpty() ? "" : " with " + String.join(" ", settings))
        + "; the agent logs to that JVM's stderr");
    return 0;
  }

  /** How long {@code status} waits for the MBeans of a JVM started with {@code -javaagent} to appear. */
  private static final long MBEAN_WAIT_NANOS =
      java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(io.aiecs.governor.agent.AgentInstaller.MBEAN_DELAY_MILLIS + 3_000);

  private int status(List<String> args) {
    if (args.size() != 1 || !args.get(0).matches("\\d+")) {
      err.println("aiecs-governor: status needs the process id of a running JVM: status <pid>");
      return 2;
    }
    String pid = args.get(0);
    try {
      String url;
      boolean startedWithAgent;
      VirtualMachine vm = VirtualMachine.attach(pid);
      try {
        url = vm.startLocalManagementAgent();
        startedWithAgent = vm.getAgentProperties().getProperty("sun.jvm.args", "").contains("-javaagent:");
      } finally {
        vm.detach();
      }
      try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(url))) {
        List<AgentRow> rows = StatusTable.read(connector.getMBeanServerConnection());
        // a JVM started with -javaagent registers the MBeans a few seconds after its start: wait for them
        long deadline = System.nanoTime() + (startedWithAgent ? MBEAN_WAIT_NANOS : 0);
        while (rows.isEmpty() && System.nanoTime() < deadline) {
          Thread.sleep(250);
          rows = StatusTable.read(connector.getMBeanServerConnection());
        }
        if (rows.isEmpty()) {
          err.println("aiecs-governor: no governor agent is running in JVM " + pid);
          return 1;
        }
        out.print(StatusTable.render(rows));
        return 0;
      }
    } catch (Exception e) {
      err.println("aiecs-governor: could not read the status of " + pid + ": " + e);
      return 1;
    }
  }

  static void usage(PrintStream s) {
    s.println("""
        aiecs-governor: resource governance for the LLM and tool calls of a JVM application.

        As an agent:  java -javaagent:aiecs-governor.jar[=key=value,...] -jar app.jar
                      configuration: -Daiecs.governor.<key>=<value>, AIECS_GOVERNOR_<KEY>, agent arguments,
                      or a properties file (aiecs.governor.config-file)

        Commands:     java -jar aiecs-governor.jar <command>
          attach <pid> [key=value ...]   load the agent into a running JVM and govern its calls from then on;
                                         with the agent already there, apply the given limits at run time
          status <pid>                   print the resources of every agent of a running, governed JVM
          help                           print this text
        """);
  }
}

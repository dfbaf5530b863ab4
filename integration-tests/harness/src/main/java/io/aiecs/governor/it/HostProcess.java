package io.aiecs.governor.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiecs.governor.it.server.ServedUsage;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A host application in a forked JVM: the built agent jar on {@code -javaagent} (or not), the real client
 * libraries on the class path. Its stdout and stderr are collected line by line as they come.
 */
public final class HostProcess implements AutoCloseable {
  public static final Path AGENT_JAR = Path.of(System.getProperty("agent.jar", "../agent/target/aiecs-governor.jar"))
      .toAbsolutePath().normalize();
  private static final String HOST_CLASSPATH = System.getProperty("host.classpath", System.getProperty("java.class.path"));

  private final Process process;
  private final List<String> out = Collections.synchronizedList(new ArrayList<>());
  private final List<String> err = Collections.synchronizedList(new ArrayList<>());
  private final Thread outPump;
  private final Thread errPump;

  private HostProcess(Process process) {
    this.process = process;
    this.outPump = pump(process.getInputStream(), out, "host-stdout");
    this.errPump = pump(process.getErrorStream(), err, "host-stderr");
  }

  public static Builder host(Class<?> mainClass) {
    return new Builder(mainClass.getName());
  }

  /** {@code java -jar aiecs-governor.jar args...} */
  public static HostProcess agentCli(String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(java(), "-jar", AGENT_JAR.toString()));
    cmd.addAll(Arrays.asList(args));
    return new HostProcess(new ProcessBuilder(cmd).start());
  }

  /** The hosts' JVM: {@code -Dhost.java.home=...} (e.g. a JDK 25) or the one running the tests. */
  static String java() {
    String home = System.getProperty("host.java.home", "");
    return Path.of(home.isBlank() ? System.getProperty("java.home") : home, "bin", "java").toString();
  }

  public long pid() {
    return process.pid();
  }

  /** Waits for the process to end and returns its exit code. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("host did not finish within " + timeout + "\nstdout:\n" + String.join("\n", stdout())
          + "\nstderr:\n" + String.join("\n", stderr()));
    }
    outPump.join(5000);
    errPump.join(5000);
    return process.exitValue();
  }

  /** Runs to the end and asserts a clean exit. */
  public HostProcess finish() throws InterruptedException {
    int code = awaitExit(Duration.ofSeconds(120));
    assertThat(code).as("exit code; stderr:\n%s\nstdout:\n%s", String.join("\n", stderr()), String.join("\n", stdout()))
        .isZero();
    return this;
  }

  /** Waits until a stdout line matches. */
  public String awaitLine(Predicate<String> match, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      synchronized (out) {
        for (String line : out) {
          if (match.test(line)) {
            return line;
          }
        }
      }
      if (!process.isAlive() && !outPump.isAlive()) {
        break;
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
    throw new AssertionError("no matching line within " + timeout + "\nstdout:\n" + String.join("\n", stdout())
        + "\nstderr:\n" + String.join("\n", stderr()));
  }

  public List<String> stdout() {
    synchronized (out) {
      return List.copyOf(out);
    }
  }

  public List<String> stderr() {
    synchronized (err) {
      return List.copyOf(err);
    }
  }

  /** The {@code CALL} lines a host printed, one per call: {@code CALL <thread> OK|REJECTED|ERROR ...}. */
  public List<String[]> calls() {
    return stdout().stream().filter(l -> l.startsWith("CALL ")).map(l -> l.split(" ")).toList();
  }

  public long count(String outcome) {
    return calls().stream().filter(c -> c[2].equals(outcome)).count();
  }

  /** The {@code STATUS <agent> key=value ...} line a host printed for an agent. */
  public Map<String, String> status(String agent) {
    for (String line : stdout()) {
      String[] parts = line.split(" ");
      if (parts.length > 1 && parts[0].equals("STATUS") && parts[1].equals(agent)) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 2; i < parts.length; i++) {
          int eq = parts[i].indexOf('=');
          m.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
        }
        return m;
      }
    }
    throw new AssertionError("no STATUS line for " + agent + " in\n" + String.join("\n", stdout())
        + "\nstderr:\n" + String.join("\n", stderr()));
  }

  public long statusLong(String agent, String key) {
    return Long.parseLong(status(agent).get(key));
  }

  /**
   * The check a governance test ends with, on the {@code STATUS} line of {@code agent}: its calls were admitted
   * {@code admitted} times (once per logical call: a client layer underneath admitted too would add to it), charged
   * exactly the usage the server reported (input, output and total; charged twice, they would double) and every
   * permit is back ({@code active=0}).
   */
  public void assertChargedOnceAndReleased(String agent, long admitted, ServedUsage served) {
    Map<String, String> s = status(agent);
    String line = "STATUS " + agent + " " + s;
    assertThat(Long.parseLong(s.get("admitted"))).as("one admission per logical call: " + line).isEqualTo(admitted);
    assertThat(Long.parseLong(s.get("input"))).as("input tokens charged == the server's: " + line)
        .isEqualTo(served.input());
    assertThat(Long.parseLong(s.get("output"))).as("output tokens charged == the server's: " + line)
        .isEqualTo(served.output());
    assertThat(Long.parseLong(s.get("total"))).as("total tokens charged == the server's: " + line)
        .isEqualTo(served.total());
    assertThat(Long.parseLong(s.get("active"))).as("every permit back: " + line).isZero();
  }

  /**
   * The end of a {@code reject-as=client} test in which the SDK's own retry loop met a refusal and retried it: every
   * one of the {@code calls} calls of {@code agent} answered (the host saw no exception), one request per logical
   * call on the wire ({@code requestsServed}: the refused attempt never went out), exactly one refusal, then
   * {@link #assertChargedOnceAndReleased} (one permit per logical call, charged once).
   */
  public void assertRefusedOnceThenRetried(String agent, int calls, long requestsServed, ServedUsage served) {
    assertThat(calls()).as("the host saw no exception: " + stdout()).extracting(c -> c[2])
        .containsExactlyElementsOf(Collections.nCopies(calls, "OK"));
    assertThat(requestsServed).as("one request per logical call: the refused attempt never went out")
        .isEqualTo(calls);
    assertThat(statusLong(agent, "rejected")).as("refused once (an attempt), yet it succeeded: the SDK retried it")
        .isEqualTo(1);
    assertChargedOnceAndReleased(agent, calls, served);
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }

  private static Thread pump(InputStream in, List<String> sink, String name) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          sink.add(line);
        }
      } catch (IOException ignored) {
        // process ended
      }
    }, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Builds the command line of a host JVM. */
  public static final class Builder {
    private final String mainClass;
    private final List<String> jvmOptions = new ArrayList<>();
    private final List<String> optionsBeforeAgent = new ArrayList<>();
    private final List<String> args = new ArrayList<>();
    private String agentArgs;
    private boolean withAgent = true;
    private String classpath = HOST_CLASSPATH;
    private final Map<String, String> env = new LinkedHashMap<>();

    private Builder(String mainClass) {
      this.mainClass = mainClass;
    }

    public Builder withoutAgent() {
      withAgent = false;
      return this;
    }

    /** {@code -Daiecs.governor.<key>=<value>} */
    public Builder governor(String key, Object value) {
      jvmOptions.add("-Daiecs.governor." + key + "=" + value);
      return this;
    }

    public Builder jvm(String option) {
      jvmOptions.add(option);
      return this;
    }

    /** A JVM option placed before the governor's {@code -javaagent}: another agent that must start first. */
    public Builder jvmBeforeAgent(String option) {
      optionsBeforeAgent.add(option);
      return this;
    }

    public Builder agentArgs(String a) {
      agentArgs = a;
      return this;
    }

    public Builder env(String name, String value) {
      env.put(name, value);
      return this;
    }

    public Builder classpath(String cp) {
      classpath = cp;
      return this;
    }

    public Builder args(Object... a) {
      for (Object o : a) {
        args.add(String.valueOf(o));
      }
      return this;
    }

    public HostProcess start() throws IOException {
      assertThat(AGENT_JAR).as("agent jar (built by mvn package in agent/)").exists();
      List<String> cmd = new ArrayList<>();
      cmd.add(java());
      cmd.addAll(optionsBeforeAgent);
      if (withAgent) {
        cmd.add("-javaagent:" + AGENT_JAR + (agentArgs == null ? "" : "=" + agentArgs));
      }
      cmd.add("-Xshare:auto");
      // short-lived hosts: the C2 compiler would only burn the CI's two cores (tests time nothing finer than 100 ms)
      cmd.add("-XX:TieredStopAtLevel=1");
      cmd.addAll(jvmOptions);
      cmd.add("-cp");
      cmd.add(classpath);
      cmd.add(mainClass);
      cmd.addAll(args);
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(new File(System.getProperty("java.io.tmpdir")));
      pb.environment().keySet().removeIf(k -> k.startsWith("AIECS_GOVERNOR_") || k.startsWith("OPENAI_"));
      pb.environment().putAll(env);
      return new HostProcess(pb.start());
    }

    /** Starts, runs to a clean exit, and returns the finished host. */
    public HostProcess run() throws IOException, InterruptedException {
      return start().finish();
    }
  }

  static Path tempDir() throws IOException {
    return Files.createTempDirectory("aiecs-it");
  }
}

package io.aiecs.governor.bench.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One host JVM: started with a variant's agents, its stdout lines handed to a listener as they come (so a
 * driver can act on a checkpoint while the host waits), its wall time taken from start to exit.
 */
final class HostRun {
  private final Process process;
  private final long startNanos;
  private final long startEpochMillis;
  private final List<String> out = Collections.synchronizedList(new ArrayList<>());
  private final List<String> err = Collections.synchronizedList(new ArrayList<>());
  private final Thread outPump;
  private final Thread errPump;
  private long wallNanos = -1;

  private HostRun(Process process, long startNanos, long startEpochMillis, Consumer<String> onLine) {
    this.process = process;
    this.startNanos = startNanos;
    this.startEpochMillis = startEpochMillis;
    this.outPump = pump(process.getInputStream(), out, onLine);
    this.errPump = pump(process.getErrorStream(), err, line -> { });
  }

  static HostRun start(BenchSetup setup, Variant variant, List<String> extraJvm, Class<?> main, List<String> args,
                       Consumer<String> onLine) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(extraJvm); // first: a profiler's -agentpath must load before the variant's -javaagent runs
    cmd.addAll(variant.jvmOptions(setup));
    cmd.add("-cp");
    cmd.add(setup.hostClasspath());
    cmd.add(main.getName());
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().keySet().removeIf(k -> k.startsWith("AIECS_GOVERNOR_") || k.startsWith("OTEL_")
        || k.startsWith("OPENAI_") || k.equals("JAVA_TOOL_OPTIONS"));
    try {
      long epoch = System.currentTimeMillis();
      long t0 = System.nanoTime();
      return new HostRun(pb.start(), t0, epoch, onLine);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  long pid() {
    return process.pid();
  }

  /** Writes a line to the host's stdin. */
  void send(String line) {
    try {
      OutputStream in = process.getOutputStream();
      in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      in.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for a clean exit; the host's output goes into the error when it fails. */
  HostRun finish(long timeoutSeconds) throws InterruptedException {
    boolean ended = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
    wallNanos = System.nanoTime() - startNanos;
    if (!ended) {
      process.destroyForcibly();
    }
    outPump.join(5_000);
    errPump.join(5_000);
    if (!ended || process.exitValue() != 0) {
      throw new IllegalStateException("host " + (ended ? "exited with " + process.exitValue() : "timed out")
          + "\nstdout:\n" + String.join("\n", out) + "\nstderr:\n" + String.join("\n", err));
    }
    return this;
  }

  long wallMillis() {
    return TimeUnit.NANOSECONDS.toMillis(wallNanos);
  }

  /** Milliseconds from launch to the host's {@code main}, from the epoch time it printed after {@code key}. */
  long millisUntil(String key) {
    return Long.parseLong(value(key)) - startEpochMillis;
  }

  /** The value after {@code key } on the first stdout line starting with it. */
  String value(String key) {
    synchronized (out) {
      for (String line : out) {
        if (line.startsWith(key + " ")) {
          return line.substring(key.length() + 1).trim();
        }
      }
    }
    throw new IllegalStateException("no " + key + " line in\n" + String.join("\n", out));
  }

  List<String> stderr() {
    synchronized (err) {
      return List.copyOf(err);
    }
  }

  private static Thread pump(java.io.InputStream in, List<String> sink, Consumer<String> onLine) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          sink.add(line);
          onLine.accept(line);
        }
      } catch (IOException ignored) {
        // the process ended
      }
    }, "host-output");
    t.setDaemon(true);
    t.start();
    return t;
  }
}

package io.aiecs.governor.bench.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine a result was measured on, printed with every table: figures mean nothing without it. */
public final class Machine {
  private Machine() {}

  public static String describe() {
    return "machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + cpuModel() + ", "
        + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB max heap here; JDK "
        + System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version") + "; "
        + System.getProperty("os.name") + " " + System.getProperty("os.arch");
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst().orElse("unknown CPU");
    } catch (IOException | RuntimeException e) {
      return "unknown CPU";
    }
  }

  /** The 1-minute load average: on a shared machine, a number beside the others says how quiet it was. */
  public static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }
}

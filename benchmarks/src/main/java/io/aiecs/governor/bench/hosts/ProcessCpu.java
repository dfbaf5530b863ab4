package io.aiecs.governor.bench.hosts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time this process has used, from {@code /proc/self/stat}: on a shared machine it says more about the
 * work a variant does than wall time, and reading it loads no management classes into the host.
 */
final class ProcessCpu {
  private static final long TICK_MILLIS = 10; // USER_HZ is 100 on Linux

  private ProcessCpu() {}

  /** User plus system CPU milliseconds, or -1 where /proc is not there. */
  static long millis() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      // fields after the parenthesised command name; utime and stime are the 14th and 15th fields overall
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_MILLIS;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}

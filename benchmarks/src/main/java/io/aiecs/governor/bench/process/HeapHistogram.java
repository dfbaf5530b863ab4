package io.aiecs.governor.bench.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live objects of a JVM after a full collection, from {@code jcmd <pid> GC.class_histogram}: all of them,
 * and those of the agent's own classes (its code and its relocated libraries all live under one package).
 */
record HeapHistogram(long totalBytes, long agentBytes, long agentInstances, String text) {
  private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*$");
  private static final Pattern TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)\\s*$");
  private static final String AGENT_PACKAGE = "io.aiecs.governor.";

  static HeapHistogram of(long pid) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.class_histogram")
        .redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException("jcmd failed: " + text);
    }
    return parse(text);
  }

  static HeapHistogram parse(String text) {
    long total = -1;
    long agentBytes = 0;
    long agentInstances = 0;
    for (String line : text.split("\n")) {
      Matcher row = ROW.matcher(line);
      if (row.matches()) {
        if (row.group(3).startsWith(AGENT_PACKAGE)) {
          agentInstances += Long.parseLong(row.group(1));
          agentBytes += Long.parseLong(row.group(2));
        }
        continue;
      }
      Matcher t = TOTAL.matcher(line.trim());
      if (t.matches()) {
        total = Long.parseLong(t.group(2));
      }
    }
    if (total < 0) {
      throw new IllegalStateException("not a class histogram:\n" + text);
    }
    return new HeapHistogram(total, agentBytes, agentInstances, text);
  }

  void save(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }
}

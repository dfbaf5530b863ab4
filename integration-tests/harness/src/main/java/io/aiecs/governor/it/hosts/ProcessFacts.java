package io.aiecs.governor.it.hosts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Prints what a process runs and listens on: a {@code THREAD <name>} line per live thread, a
 * {@code LISTEN <port>} line per TCP socket this process listens on (from /proc: the socket inodes of its own
 * file descriptors, looked up in the kernel's socket tables).
 */
final class ProcessFacts {
  private ProcessFacts() {}

  static void print() throws IOException {
    Thread.getAllStackTraces().keySet().forEach(t -> System.out.println("THREAD " + t.getName()));
    Set<String> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      fds.forEach(fd -> {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring("socket:[".length(), target.length() - 1));
          }
        } catch (IOException ignored) {
          // closed meanwhile
        }
      });
    }
    for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
      Path p = Path.of(table);
      if (!Files.exists(p)) {
        continue;
      }
      for (String line : Files.readAllLines(p).subList(1, Files.readAllLines(p).size())) {
        String[] f = line.trim().split("\\s+");
        boolean listening = f[3].equals("0A");
        if (listening && inodes.contains(f[9])) {
          System.out.println("LISTEN " + Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16));
        }
      }
    }
    System.out.flush();
  }
}

package io.aiecs.governor.agent.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentJarClassesTest {
  @TempDir
  Path dir;

  @Test
  void readsIsolatedClassesAsClassDataAndTheBootstrapApiFromTheRoot() throws Exception {
    Path jar = dir.resolve("agent.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      put(out, "inst/io/aiecs/governor/agent/Advice.classdata", new byte[] {1, 2, 3});
      put(out, "io/aiecs/governor/AgentFaults.class", new byte[] {4, 5});
      put(out, "io/aiecs/governor/agent/Advice.class", new byte[] {9}); // never the isolated class's stand-in
    }
    try (AgentJarClasses classes = new AgentJarClasses(new JarFile(jar.toFile()))) {
      assertThat(classes.locate("io.aiecs.governor.agent.Advice").resolve()).containsExactly(1, 2, 3);
      assertThat(classes.locate("io.aiecs.governor.AgentFaults").resolve()).containsExactly(4, 5);
      assertThat(classes.locate("io.aiecs.governor.Missing").isResolved()).isFalse();
    }
  }

  private static void put(JarOutputStream out, String name, byte[] bytes) throws Exception {
    out.putNextEntry(new JarEntry(name));
    out.write(bytes);
    out.closeEntry();
  }
}

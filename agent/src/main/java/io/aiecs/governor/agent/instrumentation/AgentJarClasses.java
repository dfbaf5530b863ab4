package io.aiecs.governor.agent.instrumentation;

import io.aiecs.governor.launcher.AgentJarLayout;
import java.io.IOException;
import java.io.InputStream;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import net.bytebuddy.dynamic.ClassFileLocator;

/**
 * The agent's own class files (the advice Byte Buddy inlines, the bootstrap API it names), read straight from
 * the agent jar: an isolated class from {@link AgentJarLayout#ISOLATED}, the bootstrap API from the root.
 *
 * <p>Reading them through the agent's class loader ({@code ClassFileLocator.ForClassLoader}) asked its parents
 * first, so every advice class read looked for its name in each jar of the host's class path, then made a
 * {@code jar:} URL and a connection to read it; one advice class is read once per advised method (issue 6).
 */
final class AgentJarClasses implements ClassFileLocator {
  private final JarFile jar;

  AgentJarClasses(JarFile jar) {
    this.jar = jar;
  }

  @Override
  public Resolution locate(String name) throws IOException {
    String path = name.replace('.', '/');
    JarEntry entry = jar.getJarEntry(AgentJarLayout.ISOLATED + path + AgentJarLayout.CLASS_DATA);
    if (entry == null) {
      entry = jar.getJarEntry(path + ".class");
    }
    if (entry == null) {
      return new Resolution.Illegal(name);
    }
    try (InputStream in = jar.getInputStream(entry)) {
      return new Resolution.Explicit(in.readAllBytes());
    }
  }

  @Override
  public void close() throws IOException {
    jar.close();
  }
}

package io.aiecs.governor.launcher;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads the agent's implementation and its relocated third-party libraries from the {@code inst/} folder of
 * the agent jar, where classes are stored as {@code .classdata} so that no other loader can find them
 * (the OpenTelemetry Java agent's isolation scheme). Resources are looked up under {@code inst/} too, which
 * keeps {@code ServiceLoader} working for the libraries inside.
 */
final class AgentClassLoader extends ClassLoader {
  static {
    ClassLoader.registerAsParallelCapable();
  }

  private final JarFile jar;
  private final String jarUrl;
  private final ProtectionDomain protectionDomain;

  AgentClassLoader(File jarFile, ClassLoader parent) throws IOException {
    super("aiecs-governor", parent);
    this.jar = new JarFile(jarFile, false);
    URL location = jarFile.toURI().toURL();
    this.jarUrl = "jar:" + location + "!/";
    this.protectionDomain = new ProtectionDomain(new CodeSource(location, (Certificate[]) null), null, this, null);
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    JarEntry entry = jar.getJarEntry(AgentJarLayout.ISOLATED + name.replace('.', '/') + AgentJarLayout.CLASS_DATA);
    if (entry == null) {
      throw new ClassNotFoundException(name);
    }
    byte[] bytes;
    try (InputStream in = jar.getInputStream(entry)) {
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new ClassNotFoundException(name, e);
    }
    int dot = name.lastIndexOf('.');
    if (dot > 0) {
      String pkg = name.substring(0, dot);
      if (getDefinedPackage(pkg) == null) {
        try {
          definePackage(pkg, null, null, null, null, null, null, null);
        } catch (IllegalArgumentException raced) {
          // defined concurrently by another thread
        }
      }
    }
    return defineClass(name, bytes, 0, bytes.length, protectionDomain);
  }

  @Override
  protected URL findResource(String name) {
    String mapped = AgentJarLayout.ISOLATED + (name.endsWith(".class")
        ? name.substring(0, name.length() - ".class".length()) + AgentJarLayout.CLASS_DATA
        : name);
    if (jar.getJarEntry(mapped) == null) {
      return null;
    }
    try {
      return new URL(jarUrl + mapped);
    } catch (MalformedURLException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected Enumeration<URL> findResources(String name) {
    URL url = findResource(name);
    return url == null ? Collections.emptyEnumeration() : Collections.enumeration(Collections.singletonList(url));
  }
}

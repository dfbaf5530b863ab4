package io.aiecs.governor.agent.instrumentation.references;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.dynamic.DynamicType;

/**
 * A library version in memory: a class loader serving the class files of some made-up types, as resources (what a
 * reference check reads) and as classes (what the host would load). It records which of them got loaded.
 */
final class FakeLibrary extends ClassLoader {
  private final Map<String, byte[]> classFiles = new HashMap<>();
  private final Set<String> loaded = ConcurrentHashMap.newKeySet();

  FakeLibrary(DynamicType... types) {
    super("fake-library", FakeLibrary.class.getClassLoader());
    for (DynamicType t : types) {
      t.getAllTypes().forEach((type, bytes) -> classFiles.put(type.getName(), bytes));
    }
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    byte[] bytes = classFiles.get(name);
    if (bytes == null) {
      throw new ClassNotFoundException(name);
    }
    loaded.add(name);
    return defineClass(name, bytes, 0, bytes.length);
  }

  @Override
  public InputStream getResourceAsStream(String name) {
    if (name.endsWith(".class")) {
      byte[] bytes = classFiles.get(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
      if (bytes != null) {
        return new ByteArrayInputStream(bytes);
      }
    }
    return super.getResourceAsStream(name);
  }

  /** The made-up types loaded so far. */
  Set<String> loaded() {
    return Set.copyOf(loaded);
  }
}

package io.aiecs.governor.agent.instrumentation.bedrock;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Finds a method callable from outside the SDK: the AWS SDK's implementation classes (builders, HTTP responses)
 * are often not public, so a method is looked up on the public interfaces and classes above them.
 */
final class Reflect {
  private Reflect() {}

  static Method publicMethod(Class<?> type, String name, Class<?>... parameters) throws NoSuchMethodException {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      Method m = onPublic(c, name, parameters);
      if (m != null) {
        return m;
      }
    }
    throw new NoSuchMethodException(type.getName() + "." + name);
  }

  private static Method onPublic(Class<?> c, String name, Class<?>[] parameters) {
    if (Modifier.isPublic(c.getModifiers())) {
      try {
        return c.getMethod(name, parameters);
      } catch (NoSuchMethodException e) {
        // not here
      }
    }
    for (Class<?> i : c.getInterfaces()) {
      Method m = onPublic(i, name, parameters);
      if (m != null) {
        return m;
      }
    }
    return null;
  }
}

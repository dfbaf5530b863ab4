package io.aiecs.governor.agent.usage;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Optional;

/**
 * Reads a value through a chain of no-argument accessors ({@code usage().promptTokensDetails().cachedTokens()}),
 * unwrapping {@link Optional}s on the way. The agent cannot link against the client library (it lives in its
 * own class loader), so the accessors are found reflectively, once per runtime class, and cached as method
 * handles. A missing accessor or an empty value reads as absent, never as an error: this is what keeps the
 * agent working across library versions that add or drop fields.
 *
 * <p>A step written {@code @name} reads the field {@code name} (any visibility, declared by the class or a
 * superclass) instead of calling a method: for state a library keeps private, such as the options a client
 * service was built with.
 */
public final class PropertyPath {
  /** Returned by {@link #readLong} when the value is absent. */
  public static final long ABSENT = -1;

  private static final MethodHandle MISSING = MethodHandles.constant(Object.class, null);
  private static final MethodType GETTER = MethodType.methodType(Object.class, Object.class);

  private static final MethodType LONG_GETTER = MethodType.methodType(long.class, Object.class);
  private static final MethodHandle TO_LONG;
  private static final MethodHandle ABSENT_LONG =
      MethodHandles.dropArguments(MethodHandles.constant(long.class, ABSENT), 0, Object.class);

  static {
    try {
      TO_LONG = MethodHandles.lookup().findStatic(PropertyPath.class, "toLong", LONG_GETTER);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final String[] names;
  private final ClassValue<MethodHandle>[] accessors;
  /**
   * The last step for {@link #readLong}, typed {@code (Object)long}: a primitive accessor is called without
   * boxing its value (a {@code Long} per figure per call, token counts being past the small-value cache).
   */
  private final ClassValue<MethodHandle> lastAsLong;

  @SuppressWarnings("unchecked")
  private PropertyPath(String[] names) {
    this.names = names;
    this.accessors = new ClassValue[names.length];
    for (int i = 0; i < names.length; i++) {
      String name = names[i];
      accessors[i] = new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
          return accessor(type, name);
        }
      };
    }
    String last = names[names.length - 1];
    this.lastAsLong = new ClassValue<>() {
      @Override
      protected MethodHandle computeValue(Class<?> type) {
        return longAccessor(type, last);
      }
    };
  }

  /** A path of accessor names, e.g. {@code of("usage", "promptTokens")}. */
  public static PropertyPath of(String... names) {
    return new PropertyPath(names.clone());
  }

  /** The value at the end of the path, or {@code null} when any step is missing or empty. */
  public Object read(Object root) {
    Object value = root;
    for (ClassValue<MethodHandle> accessor : accessors) {
      if (value == null) {
        return null;
      }
      try {
        value = unwrap((Object) accessor.get(value.getClass()).invokeExact(value));
      } catch (Throwable t) {
        return null;
      }
    }
    return value;
  }

  /**
   * How many values the path reaches, following every element of the collections on the way: the sizes of the
   * collections at its end, or 1 for each other value found. {@code choices.message.toolCalls} counts the tool
   * calls of every choice.
   */
  public long count(Object root) {
    return count(root, 0);
  }

  private long count(Object value, int step) {
    if (value == null) {
      return 0;
    }
    if (value instanceof java.util.Collection<?> items && step < accessors.length) {
      long sum = 0;
      for (Object item : items) {
        sum += count(item, step);
      }
      return sum;
    }
    if (step == accessors.length) {
      return value instanceof java.util.Collection<?> items ? items.size() : 1;
    }
    Object next;
    try {
      next = unwrap((Object) accessors[step].get(value.getClass()).invokeExact(value));
    } catch (Throwable t) {
      return 0;
    }
    return count(next, step + 1);
  }

  /** The number at the end of the path, or {@link #ABSENT}. */
  public long readLong(Object root) {
    Object value = root;
    for (int i = 0; i < accessors.length - 1 && value != null; i++) {
      try {
        value = unwrap((Object) accessors[i].get(value.getClass()).invokeExact(value));
      } catch (Throwable t) {
        return ABSENT;
      }
    }
    if (value == null) {
      return ABSENT;
    }
    try {
      return (long) lastAsLong.get(value.getClass()).invokeExact(value);
    } catch (Throwable t) {
      return ABSENT;
    }
  }

  /** A value read as a reference, as a number: an {@code Optional} unwrapped, anything not a number absent. */
  private static long toLong(Object value) {
    return unwrap(value) instanceof Number n ? n.longValue() : ABSENT;
  }

  private static MethodHandle longAccessor(Class<?> type, String name) {
    if (!name.startsWith("@")) {
      try {
        Method m = publicMethod(type, name);
        Class<?> r = m == null ? null : m.getReturnType();
        if (r == long.class || r == int.class || r == short.class || r == byte.class) {
          return MethodHandles.publicLookup().unreflect(m).asType(LONG_GETTER);
        }
      } catch (ReflectiveOperationException | RuntimeException e) {
        return ABSENT_LONG;
      }
    }
    return MethodHandles.filterReturnValue(accessor(type, name), TO_LONG);
  }

  @Override
  public String toString() {
    return String.join(".", names);
  }

  private static Object unwrap(Object value) {
    if (value instanceof Optional<?> o) {
      return o.orElse(null);
    }
    return value;
  }

  private static MethodHandle accessor(Class<?> type, String name) {
    if (name.startsWith("@")) {
      return field(type, name.substring(1));
    }
    try {
      Method m = publicMethod(type, name);
      if (m == null) {
        return MethodHandles.dropArguments(MISSING, 0, Object.class);
      }
      return MethodHandles.publicLookup().unreflect(m).asType(GETTER);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return MethodHandles.dropArguments(MISSING, 0, Object.class);
    }
  }

  private static MethodHandle field(Class<?> type, String name) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      try {
        Field f = c.getDeclaredField(name);
        if (Modifier.isStatic(f.getModifiers())) {
          break;
        }
        f.setAccessible(true); // fails in named modules that do not open the package: then absent
        return MethodHandles.lookup().unreflectGetter(f).asType(GETTER);
      } catch (NoSuchFieldException e) {
        // try the superclass
      } catch (ReflectiveOperationException | RuntimeException e) {
        break;
      }
    }
    return MethodHandles.dropArguments(MISSING, 0, Object.class);
  }

  /** The public no-arg method {@code name}, declared by a public type so that it can be invoked from here. */
  private static Method publicMethod(Class<?> type, String name) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      Method m = declared(c, name);
      if (m != null) {
        return m;
      }
      for (Class<?> i : c.getInterfaces()) {
        Method im = declared(i, name);
        if (im != null) {
          return im;
        }
      }
    }
    return null;
  }

  private static Method declared(Class<?> c, String name) {
    if (!Modifier.isPublic(c.getModifiers())) {
      return null;
    }
    try {
      Method m = c.getMethod(name);
      return Modifier.isStatic(m.getModifiers()) || m.getReturnType() == void.class ? null : m;
    } catch (NoSuchMethodException e) {
      return null;
    }
  }
}

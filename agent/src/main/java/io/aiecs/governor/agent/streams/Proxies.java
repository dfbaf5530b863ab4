package io.aiecs.governor.agent.streams;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wrappers of a library's own interfaces (a stream response, a streaming handler) made with
 * {@link java.lang.reflect.Proxy}: the proxy class is defined in the library's class loader, the behaviour stays
 * in the agent's, so no helper class has to be injected into the application. Used only for streams and
 * handlers. What a class's proxies need (its interfaces, the proxy constructor) is looked up once per class, since a
 * stream is wrapped per call.
 */
public final class Proxies {
  private Proxies() {}

  /** What a wrapper does with each interface method; {@link #forward} for the ones it leaves alone. */
  @FunctionalInterface
  public interface Interceptor {
    Object invoke(Object target, Method method, Object[] args) throws Throwable;
  }

  /**
   * What wrapping a class takes, worked out once per class (streams are wrapped per call): its public interfaces,
   * their no-argument methods by name, and the proxy class's constructor once the first proxy exists.
   */
  private static final class Shape {
    final Class<?>[] interfaces;
    final Map<String, Method> noArgMethods = new ConcurrentHashMap<>();
    volatile Constructor<?> constructor;

    Shape(Class<?>[] interfaces) {
      this.interfaces = interfaces;
    }
  }

  private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
    @Override
    protected Shape computeValue(Class<?> type) {
      return new Shape(publicInterfaces(type));
    }
  };

  /** Stands for "no such method" in {@link Shape#noArgMethods}, which holds no nulls. */
  private static final Method NONE;

  static {
    try {
      NONE = Object.class.getMethod("hashCode");
    } catch (NoSuchMethodException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * A proxy implementing every public interface of {@code target}'s class, sending interface calls through
   * {@code interceptor}; {@code equals}, {@code hashCode} and {@code toString} go to the target.
   */
  public static Object wrap(Object target, Interceptor interceptor) {
    Shape shape = SHAPES.get(target.getClass());
    if (shape.interfaces.length == 0) {
      return target;
    }
    InvocationHandler handler = (proxy, method, args) -> {
      if (method.getDeclaringClass() == Object.class) {
        return switch (method.getName()) {
          case "equals" -> proxy == args[0] || target.equals(args[0]);
          case "hashCode" -> target.hashCode();
          default -> forward(target, method, args);
        };
      }
      Object result = interceptor.invoke(target, method, args);
      return result == target ? proxy : result; // fluent methods return the wrapper, not what it wraps
    };
    Constructor<?> constructor = shape.constructor;
    if (constructor != null) {
      try {
        return constructor.newInstance(handler);
      } catch (ReflectiveOperationException e) {
        shape.constructor = null; // then as the first time
      }
    }
    Object proxy = Proxy.newProxyInstance(target.getClass().getClassLoader(), shape.interfaces, handler);
    rememberConstructor(shape, proxy.getClass());
    return proxy;
  }

  /** The proxy class's constructor, for the next wrap of the same class: no lookup of the proxy class by then. */
  private static void rememberConstructor(Shape shape, Class<?> proxyClass) {
    try {
      Constructor<?> c = proxyClass.getConstructor(InvocationHandler.class);
      if (c.trySetAccessible()) { // proxy classes may live in a module that does not export them
        shape.constructor = c;
      }
    } catch (NoSuchMethodException | RuntimeException e) {
      // every proxy through Proxy.newProxyInstance then
    }
  }

  /** Calls {@code method} on the target itself, rethrowing what it throws as it is. */
  @SuppressWarnings("deprecation") // isAccessible: the override flag, set once per Method (Proxy reuses them)
  public static Object forward(Object target, Method method, Object[] args) throws Throwable {
    try {
      if (!method.isAccessible() && !method.trySetAccessible() && !method.canAccess(target)) {
        method.setAccessible(true); // throws as before where access is refused
      }
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** The no-argument method {@code name} of one of the target's public interfaces, or null. */
  public static Method interfaceMethod(Object target, String name) {
    Shape shape = SHAPES.get(target.getClass());
    Method m = shape.noArgMethods.get(name);
    if (m == null) {
      m = find(shape.interfaces, name);
      shape.noArgMethods.putIfAbsent(name, m);
    }
    return m == NONE ? null : m;
  }

  private static Method find(Class<?>[] interfaces, String name) {
    for (Class<?> i : interfaces) {
      try {
        return i.getMethod(name);
      } catch (NoSuchMethodException notHere) {
        // try the next interface
      }
    }
    return NONE;
  }

  static Class<?>[] publicInterfaces(Class<?> type) {
    Set<Class<?>> all = new LinkedHashSet<>();
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      for (Class<?> i : c.getInterfaces()) {
        if (Modifier.isPublic(i.getModifiers())) {
          all.add(i);
        }
      }
    }
    return all.toArray(new Class<?>[0]);
  }
}

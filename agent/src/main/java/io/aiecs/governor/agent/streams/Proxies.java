package io.aiecs.governor.agent.streams;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Wrappers of a library's own interfaces (a stream response, a streaming handler) made with
 * {@link java.lang.reflect.Proxy}: the proxy class is defined in the library's class loader, the behaviour stays
 * in the agent's, so no helper class has to be injected into the application. Used only for streams and
 * handlers, where one proxy per call is nothing beside the HTTP exchange.
 */
public final class Proxies {
  private Proxies() {}

  /** What a wrapper does with each interface method; {@link #forward} for the ones it leaves alone. */
  @FunctionalInterface
  public interface Interceptor {
    Object invoke(Object target, Method method, Object[] args) throws Throwable;
  }

  /**
   * A proxy implementing every public interface of {@code target}'s class, sending interface calls through
   * {@code interceptor}; {@code equals}, {@code hashCode} and {@code toString} go to the target.
   */
  public static Object wrap(Object target, Interceptor interceptor) {
    Class<?>[] interfaces = publicInterfaces(target.getClass());
    if (interfaces.length == 0) {
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
    return Proxy.newProxyInstance(target.getClass().getClassLoader(), interfaces, handler);
  }

  /** Calls {@code method} on the target itself, rethrowing what it throws as it is. */
  public static Object forward(Object target, Method method, Object[] args) throws Throwable {
    try {
      if (!method.canAccess(target)) {
        method.setAccessible(true);
      }
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** The no-argument method {@code name} of one of the target's public interfaces, or null. */
  public static Method interfaceMethod(Object target, String name) {
    for (Class<?> i : publicInterfaces(target.getClass())) {
      try {
        return i.getMethod(name);
      } catch (NoSuchMethodException notHere) {
        // try the next interface
      }
    }
    return null;
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

package io.aiecs.governor.agent.telemetry;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The application's own OpenTelemetry span, reached through the application's own OpenTelemetry API
 * ({@code io.opentelemetry.api.trace.Span.current()}), never through the governor's relocated copy: with the
 * OpenTelemetry Java agent that API is bridged to the agent's context, so its spans are found the same way.
 * Everything is reflective (method handles looked up in the application's class loader); the governor neither
 * links against that API nor loads it through its own class loader.
 *
 * <p>Which API: the one visible from the class loader of the intercepted client, else (absent there, or no
 * span current in it) the one visible from the thread's context class loader. What was found is kept per
 * class loader without holding the loader: per client class in a {@link ClassValue}, per context class loader
 * in a small copy-on-write table of weak references, and the method handles of an API copy on its own
 * {@code Span} class. Found nothing: {@link #addEvent} returns false and the caller records the call itself.
 */
final class HostSpans {
  // Built at run time: the shade plugin relocates every string constant that starts with the package name of
  // the bundled OpenTelemetry; these names must stay the application's.
  private static final String API = String.join(".", "io", "opentelemetry", "api");
  static final String SPAN = API + ".trace.Span";
  static final String ATTRIBUTES = API + ".common.Attributes";
  static final String ATTRIBUTE_KEY = API + ".common.AttributeKey";

  /** The host's {@code Span} class a client class sees, or {@link #NONE}. */
  private static final ClassValue<Object> SPAN_CLASS_OF_CLIENT = new ClassValue<>() {
    @Override
    protected Object computeValue(Class<?> client) {
      Class<?> span = spanClass(client.getClassLoader());
      return span == null ? NONE : span;
    }
  };

  private static final Object NONE = new Object();

  /** The method handles of one copy of the API, kept on its own {@code Span} class; null if unusable. */
  private static final ClassValue<Api> APIS = new ClassValue<>() {
    @Override
    protected Api computeValue(Class<?> span) {
      return Api.of(span);
    }
  };

  private final ReentrantLock contextLoadersWrite = new ReentrantLock();
  private volatile ContextLoader[] contextLoaders = new ContextLoader[0];

  /**
   * Adds the event to the application's current, recording span, if it has one on this thread.
   *
   * @param client the intercepted client (its class loader is asked first), or null
   * @param limit  the {@code aiecs.governor.limit} value, or null for none
   * @return whether the event was added
   */
  boolean addEvent(Object client, String name, String agentId, String outcome, String limit, double waitSeconds) {
    Api first = null;
    if (client != null) {
      Object span = SPAN_CLASS_OF_CLIENT.get(client.getClass());
      if (span != NONE) {
        first = APIS.get((Class<?>) span);
        if (first != null && first.addEvent(name, agentId, outcome, limit, waitSeconds)) {
          return true;
        }
      }
    }
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    Api second = context == null ? null : contextApi(context);
    return second != null && second != first && second.addEvent(name, agentId, outcome, limit, waitSeconds);
  }

  private Api contextApi(ClassLoader loader) {
    for (ContextLoader e : contextLoaders) {
      if (e.loader.get() == loader) {
        Class<?> span = e.span == null ? null : e.span.get();
        return span == null ? null : APIS.get(span);
      }
    }
    Class<?> span = spanClass(loader);
    contextLoadersWrite.lock();
    try {
      List<ContextLoader> live = new ArrayList<>();
      for (ContextLoader e : contextLoaders) {
        if (e.loader.get() != null) {
          live.add(e);
        }
      }
      live.add(new ContextLoader(new WeakReference<>(loader), span == null ? null : new WeakReference<>(span)));
      contextLoaders = live.toArray(ContextLoader[]::new);
    } finally {
      contextLoadersWrite.unlock();
    }
    return span == null ? null : APIS.get(span);
  }

  /** A context class loader and the {@code Span} class it sees (null: none); both weakly held. */
  private record ContextLoader(WeakReference<ClassLoader> loader, WeakReference<Class<?>> span) {}

  private static Class<?> spanClass(ClassLoader loader) {
    if (loader == null || loader == HostSpans.class.getClassLoader()) {
      return null; // the bootstrap loader has no OpenTelemetry API, and ours is never the application's
    }
    try {
      return Class.forName(SPAN, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }

  /** Method handles of one copy of the OpenTelemetry API, typed on Object so that nothing of it links here. */
  private static final class Api {
    private final MethodHandle current;
    private final MethodHandle isRecording;
    private final MethodHandle addEvent;
    private final MethodHandle attributes3;
    private final MethodHandle attributes4;
    private final Object agentKey;
    private final Object outcomeKey;
    private final Object limitKey;
    private final Object waitKey;

    private Api(MethodHandle current, MethodHandle isRecording, MethodHandle addEvent, MethodHandle attributes3,
                MethodHandle attributes4, Object agentKey, Object outcomeKey, Object limitKey, Object waitKey) {
      this.current = current;
      this.isRecording = isRecording;
      this.addEvent = addEvent;
      this.attributes3 = attributes3;
      this.attributes4 = attributes4;
      this.agentKey = agentKey;
      this.outcomeKey = outcomeKey;
      this.limitKey = limitKey;
      this.waitKey = waitKey;
    }

    /** The handles of the API {@code span} belongs to; null when it lacks what is needed. */
    static Api of(Class<?> span) {
      try {
        ClassLoader loader = span.getClassLoader();
        Class<?> attributes = Class.forName(ATTRIBUTES, false, loader);
        Class<?> key = Class.forName(ATTRIBUTE_KEY, false, loader);
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        MethodHandle stringKey = lookup.findStatic(key, "stringKey", MethodType.methodType(key, String.class));
        MethodHandle doubleKey = lookup.findStatic(key, "doubleKey", MethodType.methodType(key, String.class));
        return new Api(
            lookup.findStatic(span, "current", MethodType.methodType(span))
                .asType(MethodType.methodType(Object.class)),
            lookup.findVirtual(span, "isRecording", MethodType.methodType(boolean.class))
                .asType(MethodType.methodType(boolean.class, Object.class)),
            lookup.findVirtual(span, "addEvent", MethodType.methodType(span, String.class, attributes))
                .asType(MethodType.methodType(void.class, Object.class, String.class, Object.class)),
            attributesOf(lookup, attributes, key, 3),
            attributesOf(lookup, attributes, key, 4),
            stringKey.invoke(TelemetryNames.AGENT_ID.getKey()),
            stringKey.invoke(TelemetryNames.OUTCOME.getKey()),
            stringKey.invoke(TelemetryNames.LIMIT.getKey()),
            doubleKey.invoke(SpanObserver.WAIT_SECONDS.getKey()));
      } catch (Throwable e) {
        return null; // not the API shape this was written for: the governor records its own span instead
      }
    }

    /** {@code Attributes.of(key1, value1, ..., keyN, valueN)}, as (Object x 2n) -> Object. */
    private static MethodHandle attributesOf(MethodHandles.Lookup lookup, Class<?> attributes, Class<?> key,
                                             int pairs) throws ReflectiveOperationException {
      Class<?>[] parameters = new Class<?>[2 * pairs];
      for (int i = 0; i < pairs; i++) {
        parameters[2 * i] = key;
        parameters[2 * i + 1] = Object.class;
      }
      return lookup.findStatic(attributes, "of", MethodType.methodType(attributes, parameters))
          .asType(MethodType.genericMethodType(2 * pairs));
    }

    /** Adds the event to the current span if that span records; false if there is none or adding failed. */
    boolean addEvent(String name, String agentId, String outcome, String limit, double waitSeconds) {
      try {
        Object span = (Object) current.invokeExact();
        if (span == null || !(boolean) isRecording.invokeExact(span)) {
          return false;
        }
        Object wait = waitSeconds;
        Object attributes = limit == null
            ? (Object) attributes3.invokeExact(agentKey, (Object) agentId, outcomeKey, (Object) outcome, waitKey, wait)
            : (Object) attributes4.invokeExact(agentKey, (Object) agentId, outcomeKey, (Object) outcome, limitKey,
                (Object) limit, waitKey, wait);
        addEvent.invokeExact(span, name, attributes);
        return true;
      } catch (Throwable e) {
        return false; // the application's tracing misbehaved: the governor records its own span instead
      }
    }
  }
}

package io.aiecs.governor.agent.telemetry;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * An application's class loader, compiled here from source and isolated from the test's class path: a client
 * class ({@code host.Client}), a span that records its events ({@code host.RecordingSpan}) and, unless left
 * out, the shape of the OpenTelemetry API the governor reaches reflectively ({@code Span.current()},
 * {@code isRecording()}, {@code addEvent(String, Attributes)}, {@code Attributes.of(...)},
 * {@code AttributeKey.stringKey/doubleKey}) — a different class than the test's own OpenTelemetry API of the
 * same name, as the application's is from the governor's relocated one.
 */
final class FakeHostApi {
  private static final Map<String, String> API = Map.of(
      "io.opentelemetry.api.trace.Span", """
          package io.opentelemetry.api.trace;
          public interface Span {
            ThreadLocal<Span> CURRENT = new ThreadLocal<>();
            static Span current() { return CURRENT.get(); }
            boolean isRecording();
            Span addEvent(String name, io.opentelemetry.api.common.Attributes attributes);
          }
          """,
      "io.opentelemetry.api.common.AttributeKey", """
          package io.opentelemetry.api.common;
          public interface AttributeKey<T> {
            String getKey();
            static AttributeKey<String> stringKey(String key) { return () -> key; }
            static AttributeKey<Double> doubleKey(String key) { return () -> key; }
          }
          """,
      "io.opentelemetry.api.common.Attributes", """
          package io.opentelemetry.api.common;
          import java.util.TreeMap;
          public interface Attributes {
            TreeMap<String, Object> asMap();
            static Attributes of(Object... keysAndValues) {
              TreeMap<String, Object> m = new TreeMap<>();
              for (int i = 0; i < keysAndValues.length; i += 2) {
                m.put(((AttributeKey<?>) keysAndValues[i]).getKey(), keysAndValues[i + 1]);
              }
              return () -> m;
            }
            static <A, B, C> Attributes of(AttributeKey<A> k1, A v1, AttributeKey<B> k2, B v2,
                                           AttributeKey<C> k3, C v3) {
              return of(new Object[] {k1, v1, k2, v2, k3, v3});
            }
            static <A, B, C, D> Attributes of(AttributeKey<A> k1, A v1, AttributeKey<B> k2, B v2,
                                              AttributeKey<C> k3, C v3, AttributeKey<D> k4, D v4) {
              return of(new Object[] {k1, v1, k2, v2, k3, v3, k4, v4});
            }
          }
          """);

  private static final Map<String, String> HOST = Map.of(
      "host.Client", """
          package host;
          public class Client {}
          """,
      "host.RecordingSpan", """
          package host;
          import io.opentelemetry.api.common.Attributes;
          import io.opentelemetry.api.trace.Span;
          import java.util.List;
          import java.util.concurrent.CopyOnWriteArrayList;
          public class RecordingSpan implements Span {
            public final List<String> events = new CopyOnWriteArrayList<>();
            public boolean recording = true;
            public boolean isRecording() { return recording; }
            public Span addEvent(String name, Attributes attributes) {
              events.add(name + " " + attributes.asMap());
              return this;
            }
          }
          """);

  private static final Map<Boolean, Map<String, byte[]>> COMPILED = new java.util.concurrent.ConcurrentHashMap<>();

  private FakeHostApi() {}

  /** A loader with the API shape, a client and a recording span; {@code withApi} false: the client only. */
  static ClassLoader loader(boolean withApi) {
    Map<String, String> sources = new HashMap<>(withApi ? API : Map.of());
    if (withApi) {
      sources.putAll(HOST);
    } else {
      sources.put("host.Client", HOST.get("host.Client"));
    }
    Map<String, byte[]> classes = COMPILED.computeIfAbsent(withApi, k -> compile(sources));
    return new ClassLoader("fake-host", ClassLoader.getPlatformClassLoader()) {
      @Override
      protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        if (bytes == null) {
          throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
      }
    };
  }

  private static Map<String, byte[]> compile(Map<String, String> sources) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    Map<String, ByteArrayOutputStream> out = new HashMap<>();
    JavaFileManager files = new ForwardingJavaFileManager<>(javac.getStandardFileManager(null, null, null)) {
      @Override
      public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                                                 FileObject sibling) {
        return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + ".class"), kind) {
          @Override
          public OutputStream openOutputStream() {
            return out.computeIfAbsent(className, k -> new ByteArrayOutputStream());
          }
        };
      }
    };
    List<JavaFileObject> units = new ArrayList<>();
    sources.forEach((name, code) -> units.add(new SimpleJavaFileObject(
        URI.create("mem:///" + name.replace('.', '/') + ".java"), JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return code;
      }
    }));
    // compiled against these sources only: the test's own OpenTelemetry API must not be picked up instead
    if (!javac.getTask(null, files, null, List.of("-classpath", "", "-proc:none"), null, units).call()) {
      throw new IllegalStateException("fake host API does not compile");
    }
    Map<String, byte[]> classes = new HashMap<>();
    out.forEach((name, bytes) -> classes.put(name, bytes.toByteArray()));
    return classes;
  }
}

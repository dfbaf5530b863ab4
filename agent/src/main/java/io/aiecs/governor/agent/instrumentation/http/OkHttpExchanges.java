package io.aiecs.governor.agent.instrumentation.http;

import io.aiecs.governor.agent.http.LlmRequest;
import io.aiecs.governor.agent.http.UsageTee;
import io.aiecs.governor.agent.runtime.GovernedCall;
import io.aiecs.governor.agent.runtime.StreamTracker;
import io.aiecs.governor.agent.runtime.StreamingCall;
import io.aiecs.governor.agent.streams.Proxies;
import io.aiecs.governor.agent.streams.Unreachable;
import io.aiecs.governor.agent.usage.PropertyPath;
import java.io.OutputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * OkHttp (4.x, 5.x) seen through reflection, from the application's own OkHttp classes: what a call requests, and
 * its response body teed into a {@link UsageTee}. The response the application gets is the same response with a
 * body that reads through the tee: an {@code okio.Source} proxy whose {@code read} copies each chunk the
 * application pulls (already decompressed by OkHttp) before handing it on. The body ends the call when read to its
 * end, closed, or dropped unclosed.
 *
 * <p>Class names are assembled at run time: the shade plugin would otherwise rewrite them to the agent's own
 * relocated OkHttp (see {@code OkHttpDeadlineModule}).
 */
final class OkHttpExchanges implements StreamTracker {
  static final String PACKAGE = "okhttp".concat("3.");
  static final String REAL_CALL = PACKAGE + "internal.connection.RealCall";
  private static final String RESPONSE = PACKAGE + "Response";
  private static final String OKIO = "ok".concat("io.");

  private static final PropertyPath METHOD = PropertyPath.of("request", "method");
  private static final PropertyPath PATH = PropertyPath.of("request", "url", "encodedPath");
  private static final PropertyPath REQUEST_BODY = PropertyPath.of("request", "body");
  private static final PropertyPath ONE_SHOT = PropertyPath.of("isOneShot");
  private static final PropertyPath CONTENT_LENGTH = PropertyPath.of("contentLength");
  private static final PropertyPath CONTENT_TYPE = PropertyPath.of("contentType");
  private static final PropertyPath BODY = PropertyPath.of("body");

  /** The OkHttp and Okio methods used, resolved once per class loader the application's OkHttp lives in. */
  private static final ClassValue<Okio> OKIO_OF = new ClassValue<>() {
    @Override
    protected Okio computeValue(Class<?> anyOkHttpClass) {
      try {
        return new Okio(anyOkHttpClass.getClassLoader());
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        return null;
      }
    }
  };

  /** The LLM request an OkHttp call makes, or null (not an LLM endpoint). Cheap for every other call. */
  static LlmRequest recognize(Object call) {
    Object method = METHOD.read(call);
    if (!"POST".equals(method)) {
      return null;
    }
    String path = (String) PATH.read(call);
    if (io.aiecs.governor.agent.http.LlmEndpoint.of("POST", path) == null) {
      return null;
    }
    return LlmRequest.of("POST", path, requestBody(call));
  }

  /** The bytes of a repeatable request body of known size, written into an okio Buffer; null when not readable. */
  private static byte[] requestBody(Object call) {
    Object body = REQUEST_BODY.read(call);
    if (body == null || Boolean.TRUE.equals(ONE_SHOT.read(body))) {
      return null;
    }
    long length = CONTENT_LENGTH.readLong(body);
    Okio okio = OKIO_OF.get(body.getClass());
    if (length < 0 || length > LlmRequest.MAX_SCANNED_BODY || okio == null) {
      return null;
    }
    try {
      Object buffer = okio.newBuffer.invoke();
      okio.writeTo.invoke(body, buffer);
      return (byte[]) okio.readByteArray.invoke(buffer);
    } catch (Throwable t) {
      return null;
    }
  }

  /** execute(): the response; enqueue(Callback): the callback. Either way, what the application gets instead. */
  @Override
  public Object track(Object value, StreamingCall call) {
    if (RESPONSE.equals(value.getClass().getName())) {
      return teeResponse(value, call);
    }
    return Proxies.wrap(value, (callback, method, args) -> {
      if (args != null && args.length == 2) {
        if (method.getName().equals("onResponse")) {
          args[1] = teeResponse(args[1], call);
        } else if (method.getName().equals("onFailure")) {
          call.fail((Throwable) args[1]);
        }
      }
      return Proxies.forward(callback, method, args);
    });
  }

  /** The response with its body read through a tee; the response itself if it has no body or cannot be teed. */
  static Object teeResponse(Object response, StreamingCall call) {
    Object body = BODY.read(response);
    Okio okio = body == null ? null : OKIO_OF.get(response.getClass());
    if (okio == null) {
      call.complete(); // nothing to follow: the exchange is over as far as the governor can tell
      return response;
    }
    try {
      boolean requestedStream = call instanceof GovernedCall g && g.request() instanceof LlmRequest r && r.stream();
      String contentType = (String) okio.header.invoke(response, "Content-Type");
      UsageTee tee = new UsageTee(call, UsageTee.isEventStream(contentType, requestedStream));
      Object source = okio.source.invoke(body);
      Object teed = Proxy.newProxyInstance(okio.sourceType.getClassLoader(), new Class<?>[] {okio.sourceType},
          (proxy, method, args) -> read(okio, source, tee, method, args));
      Object buffered = okio.buffer.invoke(teed);
      Object newBody = okio.createBody.invoke(buffered, CONTENT_TYPE.read(body), CONTENT_LENGTH.readLong(body));
      Object builder = okio.newBuilder.invoke(response);
      okio.builderBody.invoke(builder, newBody);
      Object replaced = okio.build.invoke(builder);
      // whatever the application keeps of the body (the response, the body, its source or stream) holds this
      Unreachable.cancelWhenDropped(buffered, call);
      return replaced;
    } catch (Throwable t) {
      call.cancel();
      return response;
    }
  }

  /** The teed source: reads go to the real source, and what they brought is copied into the tee. */
  private static Object read(Okio okio, Object source, UsageTee tee, Method method, Object[] args) throws Throwable {
    switch (method.getName()) {
      case "read" -> {
        long n;
        try {
          n = (long) Proxies.forward(source, method, args);
        } catch (Throwable e) {
          Throwable instead = tee.fail(e);
          throw instead instanceof RuntimeException ? instead : e;
        }
        if (n > 0) {
          try {
            Object sink = args[0];
            long size = (long) okio.size.invoke(sink);
            okio.copyTo.invoke(sink, (OutputStream) tee, size - n, n);
          } catch (Throwable fault) {
            // the tee is the agent's: the application's read goes on
          }
        } else if (n == -1) {
          tee.end();
        }
        return n;
      }
      case "close" -> {
        try {
          return Proxies.forward(source, method, args);
        } finally {
          tee.abandon(); // a no-op after the end was read
        }
      }
      case "hashCode" -> {
        return System.identityHashCode(tee);
      }
      case "equals" -> {
        return args[0] == tee;
      }
      case "toString" -> {
        return "governed(" + source + ")";
      }
      default -> {
        return Proxies.forward(source, method, args);
      }
    }
  }

  /** Method handles into the application's OkHttp and Okio. */
  private static final class Okio {
    final Class<?> sourceType;
    final MethodHandle newBuffer;
    final MethodHandle writeTo;
    final MethodHandle readByteArray;
    final MethodHandle size;
    final MethodHandle copyTo;
    final MethodHandle buffer;
    final MethodHandle source;
    final MethodHandle createBody;
    final MethodHandle header;
    final MethodHandle newBuilder;
    final MethodHandle builderBody;
    final MethodHandle build;
    final MethodHandle requestHeader;

    Okio(ClassLoader loader) throws ReflectiveOperationException {
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      Class<?> bufferType = Class.forName(OKIO + "Buffer", false, loader);
      Class<?> bufferedSource = Class.forName(OKIO + "BufferedSource", false, loader);
      Class<?> bufferedSink = Class.forName(OKIO + "BufferedSink", false, loader);
      sourceType = Class.forName(OKIO + "Source", false, loader);
      Class<?> requestBody = Class.forName(PACKAGE + "RequestBody", false, loader);
      Class<?> responseBody = Class.forName(PACKAGE + "ResponseBody", false, loader);
      Class<?> mediaType = Class.forName(PACKAGE + "MediaType", false, loader);
      Class<?> response = Class.forName(RESPONSE, false, loader);
      Class<?> builder = Class.forName(RESPONSE + "$Builder", false, loader);
      MethodType toObject = MethodType.methodType(Object.class, Object.class);
      newBuffer = lookup.findConstructor(bufferType, MethodType.methodType(void.class))
          .asType(MethodType.methodType(Object.class));
      writeTo = lookup.unreflect(requestBody.getMethod("writeTo", bufferedSink))
          .asType(MethodType.methodType(void.class, Object.class, Object.class));
      readByteArray = lookup.unreflect(bufferType.getMethod("readByteArray")).asType(toObject);
      size = lookup.unreflect(bufferType.getMethod("size")).asType(MethodType.methodType(long.class, Object.class));
      copyTo = lookup.unreflect(bufferType.getMethod("copyTo", OutputStream.class, long.class, long.class))
          .asType(MethodType.methodType(Object.class, Object.class, OutputStream.class, long.class, long.class));
      buffer = lookup.unreflect(Class.forName(OKIO + "Okio", false, loader).getMethod("buffer", sourceType))
          .asType(toObject);
      source = lookup.unreflect(responseBody.getMethod("source")).asType(toObject);
      createBody = lookup.unreflect(responseBody.getMethod("create", bufferedSource, mediaType, long.class))
          .asType(MethodType.methodType(Object.class, Object.class, Object.class, long.class));
      header = lookup.unreflect(response.getMethod("header", String.class))
          .asType(MethodType.methodType(Object.class, Object.class, String.class));
      newBuilder = lookup.unreflect(response.getMethod("newBuilder")).asType(toObject);
      builderBody = lookup.unreflect(builder.getMethod("body", responseBody))
          .asType(MethodType.methodType(Object.class, Object.class, Object.class));
      build = lookup.unreflect(builder.getMethod("build")).asType(toObject);
      requestHeader = lookup.unreflect(Class.forName(PACKAGE + "Request", false, loader).getMethod("header", String.class))
          .asType(MethodType.methodType(Object.class, Object.class, String.class));
    }
  }
}

package io.aiecs.governor.agent.instrumentation.http;

import io.aiecs.governor.agent.http.LlmEndpoint;
import io.aiecs.governor.agent.http.LlmRequest;
import io.aiecs.governor.agent.http.UsageTee;
import io.aiecs.governor.agent.runtime.GovernedCall;
import io.aiecs.governor.agent.runtime.StreamTracker;
import io.aiecs.governor.agent.runtime.StreamingCall;
import io.aiecs.governor.agent.streams.Unreachable;
import io.aiecs.governor.GovernorException;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * The JDK's {@code java.net.http} client: what a request asks for, its body handler wrapped so that the body the
 * application's subscriber gets is teed into a {@link UsageTee} (each buffer is read without moving it and handed
 * on unchanged), and the task's deadline as the request's timeout. These are JDK types, visible to the agent
 * directly; only the advice lives in the JDK's class.
 */
final class JdkHttpExchanges implements StreamTracker {
  static final String CLIENT = "jdk.internal.net.http.HttpClientFacade";
  /** The JDK's publisher behind {@code BodyPublishers.ofString} and {@code ofByteArray}: replays its bytes. */
  private static final String REPLAYABLE = "jdk.internal.net.http.RequestPublishers$ByteArrayPublisher";

  /** The LLM request, or null (not an LLM endpoint). Cheap for every other request. */
  static LlmRequest recognize(Object request) {
    if (!(request instanceof HttpRequest r) || !"POST".equals(r.method())) {
      return null;
    }
    String path = r.uri().getRawPath();
    if (LlmEndpoint.of("POST", path) == null) {
      return null;
    }
    return LlmRequest.of("POST", path, r.bodyPublisher().map(JdkHttpExchanges::bytes).orElse(null));
  }

  /**
   * The bytes of a body publisher that replays them to every subscriber (strings and byte arrays), collected
   * synchronously; null for any other (an input stream would be consumed) or when it does not deliver at once.
   */
  static byte[] bytes(HttpRequest.BodyPublisher publisher) {
    long length = publisher.contentLength();
    if (length < 0 || length > LlmRequest.MAX_SCANNED_BODY || !replayable(publisher.getClass())) {
      return null;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) length);
    boolean[] done = new boolean[1];
    publisher.subscribe(new Flow.Subscriber<>() {
      @Override
      public void onSubscribe(Flow.Subscription s) {
        s.request(Long.MAX_VALUE);
      }

      @Override
      public void onNext(ByteBuffer item) {
        ByteBuffer view = item.duplicate();
        byte[] chunk = new byte[view.remaining()];
        view.get(chunk);
        out.write(chunk, 0, chunk.length);
      }

      @Override
      public void onError(Throwable throwable) {
        // not readable: no model
      }

      @Override
      public void onComplete() {
        done[0] = true;
      }
    });
    return done[0] ? out.toByteArray() : null;
  }

  private static boolean replayable(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (c.getName().equals(REPLAYABLE)) {
        return true;
      }
    }
    return false;
  }

  /** The request with the task's remaining time as its timeout, unless its own timeout is shorter already. */
  static Object withTimeout(Object request, long remainingNanos) {
    if (!(request instanceof HttpRequest r)) {
      return request;
    }
    Duration remaining = Duration.ofNanos(remainingNanos);
    if (r.timeout().map(t -> t.compareTo(remaining) <= 0).orElse(false)) {
      return request;
    }
    return HttpRequest.newBuilder(r, (name, value) -> true).timeout(remaining).build();
  }

  /** The application's body handler, wrapped. */
  @Override
  public Object track(Object handler, StreamingCall call) {
    if (!(handler instanceof HttpResponse.BodyHandler<?> h)) {
      return handler;
    }
    boolean requestedStream = call instanceof GovernedCall g && g.request() instanceof LlmRequest r && r.stream();
    return new TeeHandler<>(h, call, requestedStream);
  }

  /**
   * {@code send}'s response, or {@code sendAsync}'s future of it (a failure before any response, such as a refused
   * connection or a timeout, ends the call). A response whose body is the JDK's {@code ofInputStream()} stream
   * reaches the application as a response whose body is a {@link GovernedInputStream} over it: the JDK's stream is
   * the exchange's own subscriber and the JDK's response stays reachable from the open connection, so only a wrapper
   * that the application alone holds tells when it has dropped the body unclosed (the exchange is then closed and
   * the call released).
   */
  @Override
  public Object trackResult(Object result, StreamingCall call) {
    if (result instanceof HttpResponse<?> response) {
      return heldByTheApplication(response, call);
    }
    if (result instanceof CompletableFuture<?> future) {
      future.whenComplete((response, error) -> {
        if (error != null) {
          call.fail(error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
        }
      });
      CompletableFuture<Object> seen = future.thenApply(r -> r instanceof HttpResponse<?> response
          ? heldByTheApplication(response, call) : r);
      seen.whenComplete((r, error) -> {
        if (error instanceof java.util.concurrent.CancellationException) {
          future.cancel(true); // the application cancelled the future it got: the JDK's exchange goes too
        }
      });
      return seen;
    }
    return result;
  }

  private static final String INPUT_STREAM = "jdk.internal.net.http.ResponseSubscribers$HttpResponseInputStream";

  static boolean isInputStream(Object body) {
    return body.getClass().getName().equals(INPUT_STREAM);
  }

  private static Object heldByTheApplication(HttpResponse<?> response, StreamingCall call) {
    Object body = response.body();
    if (body == null || call.isSettled()) {
      return response;
    }
    if (isInputStream(body)) {
      InputStream raw = (InputStream) body;
      GovernedInputStream held = new GovernedInputStream(raw);
      Unreachable.whenDropped(held, () -> closeDropped(raw, call));
      return new GovernedResponse<>(response, held);
    }
    if (body instanceof java.util.stream.Stream<?> raw) {
      // ofLines(): the JDK's stream reads the exchange's input stream and stays reachable through the response,
      // so, as for an input stream, the application gets a stream of its own over it (same elements, close goes
      // through), whose being dropped unclosed closes the exchange and releases the call
      java.util.stream.Stream<?> held = java.util.stream.StreamSupport.stream(raw.spliterator(), false)
          .onClose(raw::close);
      Unreachable.whenDropped(held, () -> closeDropped(raw, call));
      return new GovernedResponse<>(response, held);
    }
    return response;
  }

  /** The JDK's response with the application's own body wrapper; everything else is the JDK's. */
  private record GovernedResponse<T>(HttpResponse<?> jdk, T body) implements HttpResponse<T> {
    @Override public int statusCode() { return jdk.statusCode(); }
    @Override public HttpRequest request() { return jdk.request(); }
    @SuppressWarnings("unchecked")
    @Override public java.util.Optional<HttpResponse<T>> previousResponse() {
      return jdk.previousResponse().map(p -> (HttpResponse<T>) p);
    }
    @Override public java.net.http.HttpHeaders headers() { return jdk.headers(); }
    @Override public java.util.Optional<javax.net.ssl.SSLSession> sslSession() { return jdk.sslSession(); }
    @Override public java.net.URI uri() { return jdk.uri(); }
    @Override public java.net.http.HttpClient.Version version() { return jdk.version(); }
    @Override public String toString() { return jdk.toString(); }
  }

  private record TeeHandler<T>(HttpResponse.BodyHandler<T> handler, StreamingCall call, boolean requestedStream)
      implements HttpResponse.BodyHandler<T> {
    @Override
    public HttpResponse.BodySubscriber<T> apply(HttpResponse.ResponseInfo info) {
      HttpResponse.BodySubscriber<T> subscriber = handler.apply(info);
      String contentType = info.headers().firstValue("content-type").orElse(null);
      return new TeeSubscriber<>(subscriber, new UsageTee(call, UsageTee.isEventStream(contentType, requestedStream)));
    }
  }

  /**
   * The body handler of a request sent for a call governed above it (a LangChain4j model over {@code java.net.http}),
   * within the call's deadline: its body is cut there like a governed call's, failing with {@code timeout}'s
   * exception; nothing else is seen (the call is counted and settled above).
   */
  static Object cutAtDeadline(Object handler, StreamingCall call,
                              java.util.function.Supplier<? extends RuntimeException> timeout) {
    if (!(handler instanceof HttpResponse.BodyHandler<?> h)) {
      return handler;
    }
    return new CutHandler<>(h, call, timeout);
  }

  private record CutHandler<T>(HttpResponse.BodyHandler<T> handler, StreamingCall call,
                               java.util.function.Supplier<? extends RuntimeException> timeout)
      implements HttpResponse.BodyHandler<T> {
    @Override
    public HttpResponse.BodySubscriber<T> apply(HttpResponse.ResponseInfo info) {
      return new DeadlineSubscriber<>(handler.apply(info), call.remainingNanos()) {
        @Override
        Throwable cutWith(HttpTimeoutException late) {
          return timeout.get();
        }
      };
    }
  }

  /**
   * Hands every buffer, the end, a failure and a cancellation on to the application's subscriber. With a deadline
   * ({@code remainingNanos} from now; {@link Long#MAX_VALUE}: none), a body still arriving when it passes is cut: the
   * exchange is cancelled (the connection closes) and the application's subscriber fails with {@link #cutWith}.
   */
  private abstract static class DeadlineSubscriber<T> implements HttpResponse.BodySubscriber<T> {
    final HttpResponse.BodySubscriber<T> downstream;
    /** Null without a deadline; completed true when the deadline cut the body, false when it ended first. */
    private final CompletableFuture<Boolean> deadline;
    private volatile Flow.Subscription upstream;

    private final long remainingNanos;

    DeadlineSubscriber(HttpResponse.BodySubscriber<T> downstream, long remainingNanos) {
      this.downstream = downstream;
      this.remainingNanos = remainingNanos;
      this.deadline = remainingNanos == Long.MAX_VALUE ? null : new CompletableFuture<>();
    }

    /** The exception the application's subscriber fails with when the deadline cut the body. */
    abstract Throwable cutWith(HttpTimeoutException late);

    /** Each list of buffers, before the application's subscriber gets it. */
    void seen(List<ByteBuffer> buffers) {}

    /** The body failed before the deadline: the exception to deliver. */
    Throwable failed(Throwable error) {
      return error;
    }

    void completed() {}

    void cancelled() {}

    /** The body ended (or was cancelled) before the deadline: false when the deadline cut it already. */
    private boolean endedFirst() {
      return deadline == null || deadline.complete(Boolean.FALSE) || !deadline.getNow(Boolean.FALSE);
    }

    private boolean wasCut() {
      return deadline != null && deadline.getNow(Boolean.FALSE);
    }

    private void cut() {
      Flow.Subscription s = upstream;
      if (s != null) {
        s.cancel(); // the JDK closes the exchange's connection: the server sees the hang-up
      }
      downstream.onError(cutWith(new HttpTimeoutException("the task's deadline passed while the body was read")));
    }

    @Override
    public CompletionStage<T> getBody() {
      return downstream.getBody();
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      upstream = subscription;
      if (deadline != null) { // armed once subscribed (and constructed): the cut cancels this subscription
        deadline.completeOnTimeout(Boolean.TRUE, Math.max(0, remainingNanos), TimeUnit.NANOSECONDS)
            .thenAccept(timedOut -> {
              if (timedOut) {
                cut();
              }
            });
      }
      downstream.onSubscribe(new Flow.Subscription() {
        @Override
        public void request(long n) {
          subscription.request(n);
        }

        @Override
        public void cancel() {
          endedFirst();
          subscription.cancel();
          cancelled();
        }
      });
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      if (wasCut()) {
        return;
      }
      seen(buffers);
      downstream.onNext(buffers);
    }

    @Override
    public void onError(Throwable error) {
      if (!endedFirst()) {
        return; // the deadline's cut, failing the body already
      }
      downstream.onError(failed(error));
    }

    @Override
    public void onComplete() {
      if (!endedFirst()) {
        return;
      }
      completed();
      downstream.onComplete();
    }
  }

  /**
   * Sees every buffer, the end, a failure and a cancellation, teed into the call's {@link UsageTee}; the call's task
   * deadline cuts a body still arriving (see {@link DeadlineSubscriber}). An {@code ofInputStream()} body reaches the
   * application in a wrapper (see {@link #trackResult}).
   */
  private static final class TeeSubscriber<T> extends DeadlineSubscriber<T> {
    private final UsageTee tee;

    TeeSubscriber(HttpResponse.BodySubscriber<T> downstream, UsageTee tee) {
      super(downstream, tee.call().remainingNanos());
      this.tee = tee;
    }

    @Override
    Throwable cutWith(HttpTimeoutException late) {
      Throwable instead = tee.fail(late);
      return instead != null ? instead : late;
    }

    @Override
    void seen(List<ByteBuffer> buffers) {
      for (ByteBuffer b : buffers) {
        tee.write(b);
      }
    }

    @Override
    Throwable failed(Throwable error) {
      Throwable instead = tee.fail(error);
      return instead != null ? instead : error;
    }

    @Override
    void completed() {
      tee.end();
    }

    @Override
    void cancelled() {
      tee.abandon();
    }

    @Override
    public CompletionStage<T> getBody() {
      CompletionStage<T> body = downstream.getBody();
      StreamingCall call = tee.call();
      body.thenAccept(value -> {
        // a body read lazily (a stream of lines): released if the application drops it unread; an input stream is
        // the exchange's own subscriber, reachable from the connection, so it is watched through its response
        if (value != null && !call.isSettled() && !isInputStream(value)) {
          Unreachable.cancelWhenDropped(value, call);
        }
      });
      return body;
    }
  }

  /**
   * An {@code ofInputStream()} or {@code ofLines()} body dropped unclosed: its exchange is closed (the connection
   * goes) and released.
   */
  private static void closeDropped(AutoCloseable raw, StreamingCall call) {
    try {
      raw.close();
    } catch (Exception ignored) {
      // closing is all that is left to do
    }
    call.cancel();
  }

  /**
   * What the application reads an {@code ofInputStream()} body through: the JDK's stream, except that a read failed
   * by the governor (the task's deadline cut the body) throws the governor's exception itself rather than the
   * {@code IOException} the JDK wraps it in.
   */
  static final class GovernedInputStream extends FilterInputStream {
    GovernedInputStream(InputStream raw) {
      super(raw);
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException e) {
        throw governorsOwn(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return in.read(b, off, len);
      } catch (IOException e) {
        throw governorsOwn(e);
      }
    }

    private static IOException governorsOwn(IOException e) {
      for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
        if (c instanceof GovernorException g) {
          throw g;
        }
      }
      return e;
    }
  }
}

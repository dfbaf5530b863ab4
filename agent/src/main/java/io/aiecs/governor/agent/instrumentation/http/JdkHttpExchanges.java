package io.aiecs.governor.agent.instrumentation.http;

import io.aiecs.governor.agent.http.LlmEndpoint;
import io.aiecs.governor.agent.http.LlmRequest;
import io.aiecs.governor.agent.http.UsageTee;
import io.aiecs.governor.agent.runtime.GovernedCall;
import io.aiecs.governor.agent.runtime.StreamTracker;
import io.aiecs.governor.agent.runtime.StreamingCall;
import io.aiecs.governor.agent.streams.Unreachable;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

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

  /** {@code sendAsync}'s future: a failure before any response (refused connection, timeout) ends the call. */
  @Override
  public Object trackResult(Object result, StreamingCall call) {
    if (result instanceof CompletableFuture<?> future) {
      future.whenComplete((response, error) -> {
        if (error != null) {
          call.fail(error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
        }
      });
    }
    return result;
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

  /** Sees every buffer, the end, a failure and a cancellation, then hands each on to the application's subscriber. */
  private static final class TeeSubscriber<T> implements HttpResponse.BodySubscriber<T> {
    private final HttpResponse.BodySubscriber<T> downstream;
    private final UsageTee tee;

    TeeSubscriber(HttpResponse.BodySubscriber<T> downstream, UsageTee tee) {
      this.downstream = downstream;
      this.tee = tee;
    }

    @Override
    public CompletionStage<T> getBody() {
      CompletionStage<T> body = downstream.getBody();
      StreamingCall call = tee.call();
      body.thenAccept(value -> {
        // a body read lazily (a stream of lines, an input stream): released if the application drops it unread
        if (value != null && !call.isSettled()) {
          Unreachable.cancelWhenDropped(value, call);
        }
      });
      return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      downstream.onSubscribe(new Flow.Subscription() {
        @Override
        public void request(long n) {
          subscription.request(n);
        }

        @Override
        public void cancel() {
          subscription.cancel();
          tee.abandon();
        }
      });
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      for (ByteBuffer b : buffers) {
        tee.write(b);
      }
      downstream.onNext(buffers);
    }

    @Override
    public void onError(Throwable error) {
      Throwable instead = tee.fail(error);
      downstream.onError(instead != null ? instead : error);
    }

    @Override
    public void onComplete() {
      tee.end();
      downstream.onComplete();
    }
  }
}

package io.aiecs.governor.agent.streams;

import io.aiecs.governor.agent.runtime.StreamTracker;
import io.aiecs.governor.agent.runtime.StreamingCall;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Streams that are a library's own class rather than an interface (Google GenAI's {@code ResponseStream}), so
 * that no wrapper of the type the application expects can be handed out: the stream object itself is watched
 * instead. Its methods are woven with {@code StreamEventAdvice}, which reports what each returns; this registry
 * says which call a stream object (or its iterator) belongs to. Keys are held weakly and by identity, so a
 * watched stream is collected as usual; {@link Unreachable} cancels its call when that happens unclosed.
 */
public final class WatchedStreams {
  /** The method returned the next element of the stream. */
  public static final int ELEMENT = 0;
  /** The method answered whether there is more: {@code false} is the end of the stream. */
  public static final int HAS_NEXT = 1;
  /** The stream was closed: before its end, a cancellation. */
  public static final int CLOSE = 2;

  private static final ConcurrentHashMap<Object, StreamingCall> WATCHED = new ConcurrentHashMap<>();
  private static final ReferenceQueue<Object> COLLECTED = new ReferenceQueue<>();

  private WatchedStreams() {}

  /**
   * Follows an {@link Iterable} stream (or a {@link CompletableFuture} of one, for async calls): the stream and
   * its iterator are watched, and the call is cancelled if the stream is dropped unread. Returns the stream as it
   * is (the application gets the library's own object), or for a future, one that completes once it is watched.
   */
  public static final StreamTracker ITERABLE = WatchedStreams::trackIterable;

  private static Object trackIterable(Object value, StreamingCall call) {
    if (value instanceof CompletableFuture<?> future) {
      // watched before the application (or the library's next stage) gets the stream
      return FutureResults.seenFirst(future, (stream, failure) -> {
        if (failure != null) {
          return call.fail(failure);
        }
        if (stream instanceof Iterable<?> iterable) {
          watchIterable(iterable, call);
        } else {
          call.complete();
        }
        return null;
      });
    }
    if (value instanceof Iterable<?> iterable) {
      watchIterable(iterable, call);
    } else {
      call.complete(); // nothing to follow: release now rather than hold forever
    }
    return value;
  }

  private static void watchIterable(Iterable<?> stream, StreamingCall call) {
    watch(stream, call);
    watch(stream.iterator(), call);
    Unreachable.cancelWhenDropped(stream, call);
  }

  /** Reports the events of {@code source}'s woven methods to {@code call}. {@code call} must not refer to it. */
  public static void watch(Object source, StreamingCall call) {
    expunge();
    WATCHED.put(new Key(source, COLLECTED), call);
  }

  /** Whether {@code source} is watched (tests). */
  public static boolean isWatched(Object source) {
    return find(source) != null;
  }

  /**
   * A woven method of {@code source} starts: its call, marked as running on this thread (so that client calls
   * the library makes from inside it, e.g. a continuation request, are part of it); null when not watched or
   * settled already.
   */
  public static StreamingCall enter(Object source) {
    StreamingCall call = find(source);
    if (call == null || call.isSettled()) {
      return null;
    }
    call.beginNested();
    return call;
  }

  /** The method of a call {@link #enter} returned ended: the exception to throw instead, or null. */
  public static Throwable exit(StreamingCall call, int event, Object value, Throwable thrown) {
    call.endNested();
    if (thrown != null) {
      return call.fail(thrown);
    }
    switch (event) {
      case ELEMENT -> call.element(value);
      case HAS_NEXT -> {
        if (Boolean.FALSE.equals(value)) {
          call.complete();
        }
      }
      case CLOSE -> call.cancel(); // a no-op when the stream had ended
      default -> { }
    }
    return null;
  }

  private static StreamingCall find(Object source) {
    if (WATCHED.isEmpty()) {
      return null; // no stream in flight: nothing to look up
    }
    return WATCHED.get(new Lookup(source));
  }

  private static void expunge() {
    for (Object k; (k = COLLECTED.poll()) != null; ) {
      WATCHED.remove(k);
    }
  }

  /** A weak identity key. */
  private static final class Key extends WeakReference<Object> {
    private final int hash;

    Key(Object referent, ReferenceQueue<Object> queue) {
      super(referent, queue);
      this.hash = System.identityHashCode(referent);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object other) {
      if (this == other) {
        return true;
      }
      Object mine = get();
      if (other instanceof Lookup l) {
        return mine != null && mine == l.referent;
      }
      return other instanceof Key k && mine != null && mine == k.get();
    }
  }

  /** What a lookup compares with a {@link Key}: the object itself, held only for the lookup. */
  private static final class Lookup {
    private final Object referent;

    Lookup(Object referent) {
      this.referent = referent;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(referent);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Key k && k.get() == referent;
    }
  }
}

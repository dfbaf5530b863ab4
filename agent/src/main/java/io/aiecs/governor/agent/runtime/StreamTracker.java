package io.aiecs.governor.agent.runtime;

/**
 * How one library's streams are followed. Given what the advised method returned (or, for handler-driven calls,
 * the handler it was given), it arranges for {@code call} to hear of every element and of the end, and returns
 * what the application gets instead: usually a wrapper of the same interface. It must also release the call if
 * the application drops the stream unread (see {@link io.aiecs.governor.agent.streams.Unreachable}).
 */
@FunctionalInterface
public interface StreamTracker {
  Object track(Object value, StreamingCall call);

  /**
   * For a call settled through the handler it was given ({@code track} wrapped its handler): what the method
   * returned, e.g. the future of an HTTP exchange, which may fail before the handler hears anything. Returns what
   * the method returns instead; by default the result as it is.
   */
  default Object trackResult(Object result, StreamingCall call) {
    return result;
  }
}

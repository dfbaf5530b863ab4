package io.aiecs.governor.agent.streams;

import io.aiecs.governor.agent.runtime.StreamingCall;
import java.lang.ref.Cleaner;

/**
 * Releases a stream's call when the application drops the stream without closing it: once the wrapper the
 * application holds becomes unreachable, the call is cancelled (charging what arrived) and its permits go back.
 * One daemon thread for the whole agent, started on first use.
 */
public final class Unreachable {
  private Unreachable() {}

  private static final class Holder {
    static final Cleaner CLEANER = Cleaner.create(r -> {
      Thread t = new Thread(r, "aiecs-governor-stream-cleaner");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Cancels {@code call} when {@code holder} becomes unreachable. {@code holder} must be what the application
   * keeps (the wrapper), and {@code call} must not refer to it, or it never becomes unreachable.
   */
  public static void cancelWhenDropped(Object holder, StreamingCall call) {
    Holder.CLEANER.register(holder, call::cancel);
  }

  /**
   * Runs {@code action} once {@code holder} becomes unreachable; for a wrapper that releases its call only in
   * some states (an async stream nobody subscribed to). The same rule holds: {@code action} must not refer to
   * {@code holder}.
   */
  public static void whenDropped(Object holder, Runnable action) {
    Holder.CLEANER.register(holder, action);
  }
}

package io.aiecs.governor.it.hosts;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * The host apps' callers: {@code threads} threads named {@code caller-<n>}, released together, each making
 * {@code calls} calls one after the other and printing a {@code CALL} line per call ({@link HostOutput}).
 * Every test host runs its calls through here, so they all start together and report alike.
 */
public final class Callers {
  private Callers() {}

  /** One call; returns the total tokens the response reported, for the {@code CALL ... OK} line. */
  @FunctionalInterface
  public interface Call {
    long run() throws Exception;
  }

  /** The {@code n}th call of a caller (from 0): hosts that make a different kind of call each time. */
  @FunctionalInterface
  public interface NthCall {
    long run(int n) throws Exception;
  }

  public static void run(int threads, int calls, Call call) throws InterruptedException {
    run(threads, calls, n -> call.run(), failure -> { });
  }

  /** As {@link #run(int, int, Call)}; {@code onFailure} sees each failure before its {@code FAILED} line. */
  public static void run(int threads, int calls, NthCall call, Consumer<Throwable> onFailure)
      throws InterruptedException {
    run(threads, calls, t -> "caller-" + t, call, onFailure);
  }

  /** As above, with the callers named by {@code name} (rules that match threads by name, caller frames). */
  public static void run(int threads, int calls, IntFunction<String> name, NthCall call, Consumer<Throwable> onFailure)
      throws InterruptedException {
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread w = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < calls; i++) {
          try {
            HostOutput.ok(call.run(i));
          } catch (Throwable e) {
            onFailure.accept(e);
            HostOutput.failed(e);
          }
        }
      }, name.apply(t));
      workers.add(w);
      w.start();
    }
    start.countDown();
    for (Thread w : workers) {
      w.join();
    }
  }
}

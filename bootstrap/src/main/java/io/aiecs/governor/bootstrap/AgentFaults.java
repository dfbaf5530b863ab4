package io.aiecs.governor.bootstrap;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * Where the agent's own faults go. They are counted and handed to the agent's logger once installed;
 * before that (or if the logger itself fails) the first few go to stderr. Never rethrown.
 */
public final class AgentFaults {
  private static final AtomicLong COUNT = new AtomicLong();
  private static volatile BiConsumer<String, Throwable> sink;

  private AgentFaults() {}

  public static void sink(BiConsumer<String, Throwable> s) {
    sink = s;
  }

  /** How many faults of the agent were caught since start. */
  public static long count() {
    return COUNT.get();
  }

  /** Called by the exception handler woven into every advice: a fault the advice itself raised. */
  public static void suppressed(Throwable fault) {
    report("advice", fault);
  }

  public static void report(String where, Throwable fault) {
    long n = COUNT.incrementAndGet();
    try {
      BiConsumer<String, Throwable> s = sink;
      if (s != null) {
        s.accept(where, fault);
        return;
      }
    } catch (Throwable ignored) {
      // fall through to stderr
    }
    if (n <= 10) {
      System.err.println("[aiecs-governor] internal fault in " + where + " (the call proceeds ungoverned): " + fault);
    }
  }
}

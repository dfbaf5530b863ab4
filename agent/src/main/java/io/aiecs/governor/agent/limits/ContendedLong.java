package io.aiecs.governor.agent.limits;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * An atomic {@code long} alone on its cache line. Objects made one after another sit side by side in the heap:
 * a token credit that every call adds to would otherwise share a line with the semaphore every call also takes,
 * and each would slow the other down under contention (false sharing).
 */
final class ContendedLong extends ContendedLongValue {
  long q01, q02, q03, q04, q05, q06, q07;

  private static final VarHandle VALUE;

  static {
    try {
      VALUE = MethodHandles.lookup().findVarHandle(ContendedLongValue.class, "value", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  ContendedLong(long initial) {
    value = initial;
  }

  long get() {
    return value;
  }

  long addAndGet(long delta) {
    return (long) VALUE.getAndAdd(this, delta) + delta;
  }

  boolean compareAndSet(long expected, long next) {
    return VALUE.compareAndSet(this, expected, next);
  }
}

/** The cache line before the value (superclass fields are laid out first). */
abstract class ContendedLongPadding {
  long p01, p02, p03, p04, p05, p06, p07;
}

abstract class ContendedLongValue extends ContendedLongPadding {
  volatile long value;
}

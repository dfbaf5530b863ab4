package io.aiecs.governor.agent.limits;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * An atomic {@code long} alone on its cache line. Objects made one after another sit side by side in the heap:
 * the gate's counter that every call adds to would otherwise share a line with fields every call reads (the
 * gate's limit, the budget's credit), and each would slow the other down under contention (false sharing).
 * Padded by 120 bytes on each side, close to the 128 of the JDK's {@code @Contended}, since processors may fetch
 * lines in pairs: with 56 the governor's hot path at 8 threads on 2 cores (JMH {@code governorLimiter}) ran at
 * 490-625 ns in 11 of 20 iterations, with 120 at ~600 in 5 of 25 and at 260-390 in the rest.
 */
final class ContendedLong extends ContendedLongValue {
  long q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;

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

/** The cache lines before the value (superclass fields are laid out first). */
abstract class ContendedLongPadding {
  long p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
}

abstract class ContendedLongValue extends ContendedLongPadding {
  volatile long value;
}

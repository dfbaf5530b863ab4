package io.aiecs.governor.agent.limits;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A scope's running totals that every call adds to: calls admitted, and the tokens charged. Striped by thread
 * like a {@link java.util.concurrent.atomic.LongAdder}, with two differences that matter on the hot path: one
 * cell holds all of a call's figures, so a call touches one cache line rather than one per figure; and there are
 * cells for several threads per core (a LongAdder stops at the number of cores, so on a small machine busy
 * threads share two cells and every add moves a line between the cores).
 */
final class CallCounters {
  /** Power of two, four cells per core, at least 8, at most 64. */
  private static final int STRIPES = Math.max(8,
      Math.min(64, Integer.highestOneBit(Runtime.getRuntime().availableProcessors() * 4 - 1) << 1));

  private final AtomicReferenceArray<Cell> cells = new AtomicReferenceArray<>(STRIPES);

  void admitted(long n) {
    Cell.ADMITTED.getAndAdd(cell(), n);
  }

  /** Adds a call's tokens; zeros are skipped (most calls have no {@code other}). */
  void tokens(long input, long output, long other) {
    Cell cell = cell();
    if (input != 0) {
      Cell.INPUT.getAndAdd(cell, input);
    }
    if (output != 0) {
      Cell.OUTPUT.getAndAdd(cell, output);
    }
    if (other != 0) {
      Cell.OTHER.getAndAdd(cell, other);
    }
  }

  long admitted() {
    return sum(Cell.ADMITTED);
  }

  long input() {
    return sum(Cell.INPUT);
  }

  long output() {
    return sum(Cell.OUTPUT);
  }

  long other() {
    return sum(Cell.OTHER);
  }

  private long sum(VarHandle field) {
    long sum = 0;
    for (int i = 0; i < STRIPES; i++) {
      Cell cell = cells.get(i);
      if (cell != null) {
        sum += (long) field.getVolatile(cell);
      }
    }
    return sum;
  }

  /** The current thread's cell, made on its first use. */
  @SuppressWarnings("deprecation") // getId(): threadId() is JDK 19+, and the same number
  private Cell cell() {
    int index = (int) Thread.currentThread().getId() & (STRIPES - 1);
    Cell cell = cells.get(index);
    if (cell == null) {
      cells.compareAndSet(index, null, new Cell());
      cell = cells.get(index);
    }
    return cell;
  }

  /** Padding on both sides of the figures, so that two cells never share a cache line. */
  abstract static class LeftPadding {
    long p01, p02, p03, p04, p05, p06, p07;
  }

  abstract static class Figures extends LeftPadding {
    volatile long admitted;
    volatile long input;
    volatile long output;
    volatile long other;
  }

  static final class Cell extends Figures {
    long q01, q02, q03, q04, q05, q06, q07;

    static final VarHandle ADMITTED;
    static final VarHandle INPUT;
    static final VarHandle OUTPUT;
    static final VarHandle OTHER;

    static {
      try {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        ADMITTED = lookup.findVarHandle(Figures.class, "admitted", long.class);
        INPUT = lookup.findVarHandle(Figures.class, "input", long.class);
        OUTPUT = lookup.findVarHandle(Figures.class, "output", long.class);
        OTHER = lookup.findVarHandle(Figures.class, "other", long.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }
  }
}

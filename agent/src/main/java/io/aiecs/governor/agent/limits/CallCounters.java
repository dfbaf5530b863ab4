package io.aiecs.governor.agent.limits;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A scope's running totals that every call adds to: calls admitted, and the tokens charged. Striped by thread
 * ({@link StripedCells}) like a {@link java.util.concurrent.atomic.LongAdder}, except that one cell holds all of
 * a call's figures, so a call touches one cache line rather than one per figure.
 */
final class CallCounters extends StripedCells<CallCounters.Cell> {
  @Override
  Cell newCell() {
    return new Cell();
  }

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
    for (int i = 0; i < COUNT; i++) {
      Cell cell = cellAt(i);
      if (cell != null) {
        sum += (long) field.getVolatile(cell);
      }
    }
    return sum;
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

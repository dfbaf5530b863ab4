package io.aiecs.governor.agent.limits;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Shares of a counted resource held by threads ({@link StripedCells}): a {@link TokenBudget}'s credit, a
 * {@link ConcurrencyGate}'s free permits. A thread draws from its own cell, a cache line of its own, instead of
 * from the shared count every thread writes. A lease leaves the shared count before it reaches a cell and goes
 * back to it when the cells are reclaimed (before every exact answer), so the shared count alone never claims
 * more than there is, and nothing a cell holds is counted twice.
 */
final class Leases extends StripedCells<Leases.Cell> {
  @Override
  Cell newCell() {
    return new Cell();
  }

  /** Empties every cell; returns what they held, to go back to the shared credit. */
  long reclaim() {
    long sum = 0;
    for (int i = 0; i < COUNT; i++) {
      Cell cell = cellAt(i);
      if (cell != null) {
        sum += (long) Cell.UNITS.getAndSet(cell, 0L);
      }
    }
    return sum;
  }

  /** What the cells hold now (a moment's reading: they change as it sums). */
  long held() {
    long sum = 0;
    for (int i = 0; i < COUNT; i++) {
      Cell cell = cellAt(i);
      if (cell != null) {
        sum += cell.units;
      }
    }
    return sum;
  }

  /** Padding on both sides of the units, so that two cells never share a cache line. */
  abstract static class LeftPadding {
    long p01, p02, p03, p04, p05, p06, p07;
  }

  abstract static class Units extends LeftPadding {
    volatile long units;
  }

  static final class Cell extends Units {
    long q01, q02, q03, q04, q05, q06, q07;

    static final VarHandle UNITS;

    static {
      try {
        UNITS = MethodHandles.lookup().findVarHandle(Units.class, "units", long.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    long get() {
      return units;
    }

    /** Takes {@code n} if the cell holds that many; a lost race (a reclaim, a thread sharing the cell) says no. */
    boolean tryDraw(long n) {
      long held = units;
      return held >= n && UNITS.compareAndSet(this, held, held - n);
    }

    void add(long n) {
      UNITS.getAndAdd(this, n);
    }
  }
}

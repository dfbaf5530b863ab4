package io.aiecs.governor.agent.limits;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Cells of a structure striped by thread, each made on its first use. There are cells for several threads per
 * core (a {@link java.util.concurrent.atomic.LongAdder} stops at the number of cores, so on a small machine busy
 * threads share two cells and every update moves a cache line between the cores); threads are spread by id,
 * which costs nothing to read, and two threads sharing a cell stay correct, only slower.
 */
abstract class StripedCells<C> {
  /** Power of two, four cells per core, at least 8, at most 64. */
  static final int COUNT = Math.max(8,
      Math.min(64, Integer.highestOneBit(Runtime.getRuntime().availableProcessors() * 4 - 1) << 1));

  private final AtomicReferenceArray<C> cells = new AtomicReferenceArray<>(COUNT);

  abstract C newCell();

  /** The current thread's cell. */
  @SuppressWarnings("deprecation") // getId(): threadId() is JDK 19+, and the same number
  final C cell() {
    int index = (int) Thread.currentThread().getId() & (COUNT - 1);
    C cell = cells.get(index);
    if (cell == null) {
      cells.compareAndSet(index, null, newCell());
      cell = cells.get(index);
    }
    return cell;
  }

  /** The cell at {@code index} ({@code 0 <= index < COUNT}), or null when no thread has used it yet. */
  final C cellAt(int index) {
    return cells.get(index);
  }
}

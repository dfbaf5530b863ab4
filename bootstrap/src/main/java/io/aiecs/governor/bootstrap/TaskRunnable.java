package io.aiecs.governor.bootstrap;

/**
 * Work submitted to an executor from inside an entry-point task: runs for that task on the pool's thread, and
 * leaves the thread as it found it.
 */
final class TaskRunnable implements Runnable {
  private final Runnable work;
  private final Object task;

  TaskRunnable(Runnable work, Object task) {
    this.work = work;
    this.task = task;
  }

  @Override
  public void run() {
    Object previous = GovernorHooks.resume(task);
    try {
      work.run();
    } finally {
      GovernorHooks.resume(previous);
    }
  }

  @Override
  public String toString() {
    return work.toString();
  }
}

package io.aiecs.governor.bootstrap;

import java.util.concurrent.Callable;

/** As {@link TaskRunnable}, for work that returns a value ({@code ScheduledExecutorService.schedule(Callable)}). */
final class TaskCallable<V> implements Callable<V> {
  private final Callable<V> work;
  private final Object task;

  TaskCallable(Callable<V> work, Object task) {
    this.work = work;
    this.task = task;
  }

  @Override
  public V call() throws Exception {
    Object previous = GovernorHooks.resume(task);
    try {
      return work.call();
    } finally {
      GovernorHooks.resume(previous);
    }
  }

  @Override
  public String toString() {
    return work.toString();
  }
}

package io.aiecs.governor.agent.limits;

/**
 * What {@link AgentLimiter#acquire()} granted, as bit flags in an {@code int} so that admission allocates
 * nothing.
 */
public final class Admission {
  /** A concurrency permit is held and must be released. */
  public static final int HELD = 1;
  /** The call had to wait for resources before it was admitted. */
  public static final int WAITED = 2;
  /** Monitor mode: enforcement would have refused this call. */
  public static final int WOULD_REJECT = 4;

  private Admission() {}

  /** Counted among the scope's active tasks (and so to be released): a task, not a call inside a task. */
  public static final int COUNTED = 32;

  public static boolean counted(int admission) {
    return (admission & COUNTED) != 0;
  }

  /** Spaced out by throttling before it was admitted. */
  public static final int THROTTLED = 16;

  public static boolean throttled(int admission) {
    return (admission & THROTTLED) != 0;
  }

  /** Admitted (the flags of a successful {@link AgentLimiter#acquire()} always include this). */
  public static final int GRANTED = 8;

  public static boolean granted(int admission) {
    return (admission & GRANTED) != 0;
  }

  public static boolean held(int admission) {
    return (admission & HELD) != 0;
  }

  public static boolean waited(int admission) {
    return (admission & WAITED) != 0;
  }

  public static boolean wouldReject(int admission) {
    return (admission & WOULD_REJECT) != 0;
  }
}

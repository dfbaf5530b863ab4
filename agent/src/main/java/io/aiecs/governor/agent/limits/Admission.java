package io.aiecs.governor.agent.limits;

import io.aiecs.governor.Limit;

/**
 * What {@link AgentLimiter#acquire()} granted, as bit flags in an {@code int} so that admission allocates
 * nothing. Besides the flags it carries the limit that decided how the call was let through: the last one it
 * waited or was throttled for, or in monitor mode the one that would have refused it (a small code in bits
 * 8-11, see {@link #limit(int)}), and whether that limit was the process-wide scope's ({@link #PROCESS}).
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

  /** The limit {@link #limit(int)} names is the process-wide scope's ({@code global.*}), not the agent's. */
  public static final int PROCESS = 64;

  private static final int LIMIT_SHIFT = 8;
  private static final int LIMIT_MASK = 0xF << LIMIT_SHIFT;
  private static final Limit[] LIMITS = Limit.values();

  /** {@code flags} with {@code limit} as the limit that decided, replacing any named before. */
  public static int decidedBy(int flags, Limit limit) {
    return (flags & ~LIMIT_MASK) | ((limit.ordinal() + 1) << LIMIT_SHIFT);
  }

  /** The limit that made the call wait, throttled it, or (monitor mode) would have refused it; null if none. */
  public static Limit limit(int admission) {
    int code = (admission & LIMIT_MASK) >>> LIMIT_SHIFT;
    return code == 0 ? null : LIMITS[code - 1];
  }

  public static boolean process(int admission) {
    return (admission & PROCESS) != 0;
  }

  /**
   * The flags of a call that passed its agent ({@code agent}) and then the process-wide scope ({@code process},
   * 0 when there is none): the flags of both, and the deciding limit of the scope asked last that had one.
   */
  public static int combine(int agent, int process) {
    int flags = agent | (process & ~LIMIT_MASK);
    return (process & LIMIT_MASK) == 0 ? flags : (flags & ~LIMIT_MASK) | (process & LIMIT_MASK) | PROCESS;
  }
}

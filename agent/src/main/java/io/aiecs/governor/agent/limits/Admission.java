package io.aiecs.governor.agent.limits;

import io.aiecs.governor.Limit;

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
  /** Of the waits: the call waited for its token budget to refill (WAITED is set too). */
  public static final int THROTTLED = 8;

  // Bits from here up hold the limit that made the call wait or, in monitor mode, would have refused it.
  private static final int LIMIT_SHIFT = 8;
  private static final Limit[] LIMITS = Limit.values();

  private Admission() {}

  /** {@code flags} naming {@code limit} as the one that decided (the last one, when several did). */
  public static int withLimit(int flags, Limit limit) {
    return (flags & ((1 << LIMIT_SHIFT) - 1)) | ((limit.ordinal() + 1) << LIMIT_SHIFT);
  }

  /** The limit that made the call wait or would have refused it; null when none did. */
  public static Limit limit(int admission) {
    int index = admission >>> LIMIT_SHIFT;
    return index == 0 ? null : LIMITS[index - 1];
  }

  public static boolean throttled(int admission) {
    return (admission & THROTTLED) != 0;
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

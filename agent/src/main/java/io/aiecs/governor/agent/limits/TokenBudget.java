package io.aiecs.governor.agent.limits;

import io.aiecs.governor.Limit;
import io.aiecs.governor.ResourceStatus;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.BucketState;
import io.github.bucket4j.ConfigurationBuilder;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.local.SynchronizationStrategy;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A rate budget of one kind of unit (tokens, tool calls): a Bucket4j bucket with up to two bandwidths, per
 * minute (capacity = the burst size) and per hour.
 *
 * <p>For tokens, admission only asks that the bucket be positive; the real usage is charged after the response
 * with {@code consumeIgnoringRateLimits}, so a large response drives the bucket into debt that later calls
 * wait out or are rejected on (the Envoy AI Gateway / Azure APIM behaviour users expect). Tool calls are known
 * up front and take their unit on entry with {@link #tryTake()}.
 *
 * <p>Cost per call, the hot path's largest before: every call charges, so the bucket is fronted by a
 * <em>credit</em>, one atomic {@code long} holding the balance at the last settlement minus what was charged
 * since. Since a bucket only gains with time, the credit is a lower bound of the balance: a positive credit
 * admits without a lock or a clock, and a charge is one atomic add. The bucket itself (under a lock, on a clock
 * that is the time of the operation in progress, so that Bucket4j reads none of its own) takes the charges in
 * a settlement: at most once per {@link #SETTLE_NANOS} from the charges themselves, and whenever an exact
 * answer is asked for (an empty credit, status, waits). A settlement applies the charges as of the one before
 * it, which they followed by at most {@code SETTLE_NANOS}: the only difference to charging the bucket at once
 * is that a bucket full to its capacity in that millisecond keeps that millisecond's refill.
 *
 * <p>Under many threads even that one add is one cache line every charge writes. Once two charges have collided on
 * it (a compare-and-set lost: until then a charge is that one compare-and-set, as cheap alone as the add; {@link
 * java.util.concurrent.atomic.LongAdder}'s rule) and while the budget is more than half full, a thread's charges
 * are drawn from a lease ({@link Leases}): a small share of the credit (a sixteenth of the capacity across all
 * cells) moved to a cell of its own, topped up from the shared credit when it runs short. The lease leaves the
 * shared credit before it reaches the cell, so the shared credit stays a lower bound of the balance, and every
 * settlement takes the leases back first, so the bucket is charged exactly what was used. Below half, or when a
 * charge is larger than a lease, charges go to the shared credit as above. A lease topped up while a settlement
 * runs may be charged by it and given back by the next one: the bucket then reads up to one lease low for a
 * millisecond (and, full to its capacity, keeps that millisecond's refill, as above).
 */
public final class TokenBudget {
  /** How stale the credit may get under traffic before a charge settles it into the bucket. */
  static final long SETTLE_NANOS = 1_000_000L;

  private final ReentrantLock lock = new ReentrantLock();
  /** Guarded by {@link #lock}; used at the time {@link #now}; Bucket4j's own locking is off. */
  private final Bucket bucket;
  /** The balance at the last settlement minus the charges since: never above the bucket's balance. */
  private final ContendedLong credit;
  /** Shares of the credit held per thread; in none of them while the budget is half spent or less. */
  private final Leases leases = new Leases();
  /** Whether charges have collided on the credit: from then on they draw from leases. */
  private volatile boolean contended;
  private final TimeSource time;
  private final Limit minuteLimit;
  private final Limit hourLimit;
  private volatile Shape shape;
  /** The bucket's clock: the time of the settlement in progress, never going back. Guarded by the lock. */
  private long now;
  /** The credit as the last settlement left it; what it has lost since is what is still to be charged. */
  private long settledCredit;
  /** When the last settlement ran (its clock); read without the lock to see whether the credit is stale. */
  private volatile long settledAt;
  /** The time of a charge that found the credit stale while another settlement was in progress. */
  private volatile long lateCharge = Long.MIN_VALUE;

  /**
   * Which bandwidth index is which window, the configured sizes (for throttling and status), and the size of a
   * thread's lease of the credit (0: none) with the credit below which none is handed out.
   */
  private record Shape(int minuteIndex, int hourIndex, long capacity, long perMinute, long perHour,
                       long lease, long leaseFloor) {}

  private TokenBudget(Shape shape, TimeSource time, Limit minuteLimit, Limit hourLimit) {
    this.shape = shape;
    this.time = time;
    this.minuteLimit = minuteLimit;
    this.hourLimit = hourLimit;
    var builder = Bucket.builder()
        .withSynchronizationStrategy(SynchronizationStrategy.NONE)
        .withCustomTimePrecision(new TimeMeter() {
          @Override
          public long currentTimeNanos() {
            return now;
          }

          @Override
          public boolean isWallClockBased() {
            return false;
          }
        });
    for (Bandwidth bandwidth : configuration(shape.perMinute(), shape.perHour(), shape.capacity()).getBandwidths()) {
      builder.addLimit(bandwidth);
    }
    lock.lock();
    try {
      this.now = time.nanoTime();
      this.bucket = builder.build();
      this.settledCredit = bucket.getAvailableTokens();
      this.credit = new ContendedLong(settledCredit);
      this.settledAt = now;
    } finally {
      lock.unlock();
    }
  }

  /** A token budget; {@code null} when neither per-minute nor per-hour is set (unlimited). */
  public static TokenBudget of(long perMinute, long perHour, long burst, TimeSource time) {
    return of(perMinute, perHour, burst, time, Limit.TOKENS_PER_MINUTE, Limit.TOKENS_PER_HOUR);
  }

  /** A tool-call budget; {@code null} when unlimited. */
  public static TokenBudget ofToolCalls(long perMinute, long perHour, TimeSource time) {
    return of(perMinute, perHour, perMinute, time, Limit.TOOL_CALLS_PER_MINUTE, Limit.TOOL_CALLS_PER_HOUR);
  }

  private static TokenBudget of(long perMinute, long perHour, long burst, TimeSource time, Limit minuteLimit,
                                Limit hourLimit) {
    if (perMinute <= 0 && perHour <= 0) {
      return null;
    }
    return new TokenBudget(shape(perMinute, perHour, burst), time, minuteLimit, hourLimit);
  }

  private static Shape shape(long perMinute, long perHour, long burst) {
    int index = 0;
    int minute = perMinute > 0 ? index++ : -1;
    int hour = perHour > 0 ? index : -1;
    long capacity = perMinute > 0 ? (burst > 0 ? burst : perMinute) : perHour;
    // all leases together a sixteenth of the capacity, handed out only while the credit is above half of it:
    // they never make a budget with units to spare look empty to admission
    long lease = capacity / (16L * StripedCells.COUNT);
    return new Shape(minute, hour, capacity, perMinute, perHour, lease, capacity / 2);
  }

  private static BucketConfiguration configuration(long perMinute, long perHour, long burst) {
    ConfigurationBuilder config = BucketConfiguration.builder();
    if (perMinute > 0) {
      config.addLimit(Bandwidth.builder().capacity(burst > 0 ? burst : perMinute)
          .refillGreedy(perMinute, Duration.ofMinutes(1)).id("minute").build());
    }
    if (perHour > 0) {
      config.addLimit(Bandwidth.builder().capacity(perHour).refillGreedy(perHour, Duration.ofHours(1))
          .id("hour").build());
    }
    return config.build();
  }

  /**
   * Changes the limits in place; what is left (or owed) carries over, capped at the new capacity. Returns
   * false when the new limits have no window at all, so that the owner drops the budget.
   */
  public boolean reconfigure(long perMinute, long perHour, long burst) {
    if (perMinute <= 0 && perHour <= 0) {
      return false;
    }
    lock.lock();
    try {
      long at = time.nanoTime();
      settle(at);
      bucket.replaceConfiguration(configuration(perMinute, perHour, burst), TokensInheritanceStrategy.AS_IS);
      shape = shape(perMinute, perHour, burst);
      settle(at);
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Whether a call may start now: the bucket holds at least one unit (it is not empty or in debt). */
  public boolean available() {
    return credit.get() > 0 || settled(time.nanoTime()) > 0;
  }

  /** Takes one unit if there is one. */
  public boolean tryTake() {
    long at = time.nanoTime();
    if (at - settledAt <= SETTLE_NANOS && takeCredit()) {
      return true;
    }
    lock.lock();
    try {
      settle(at);
      return takeCredit();
    } finally {
      lock.unlock();
    }
  }

  /** One unit from the credit, if it holds one: then the bucket holds one too. */
  private boolean takeCredit() {
    for (long c = credit.get(); c >= 1; c = credit.get()) {
      if (credit.compareAndSet(c, c - 1)) {
        return true;
      }
    }
    return false;
  }

  /** Gives back units taken for something that then did not happen. */
  public void refund(long units) {
    if (units <= 0) {
      return;
    }
    lock.lock();
    try {
      long at = time.nanoTime();
      settle(at);
      bucket.addTokens(units);
      settle(at);
    } finally {
      lock.unlock();
    }
  }

  /** Nanoseconds until {@link #available()} turns true; 0 when it is already. */
  public long nanosUntilAvailable() {
    lock.lock();
    try {
      settle(time.nanoTime());
      var probe = bucket.estimateAbilityToConsume(1);
      return probe.canBeConsumed() ? 0 : probe.getNanosToWaitForRefill();
    } finally {
      lock.unlock();
    }
  }

  /** Charges actual usage after a response; the balance may go negative. */
  public void charge(long units) {
    charge(units, time.nanoTime());
  }

  /**
   * As {@link #charge(long)}, at {@code nowNanos} ({@link TimeSource#nanoTime()} scale), the time the call ended.
   * One atomic add; when the credit is stale the charge settles it first, unless somebody else is settling at
   * this moment (who then takes this charge along, as of its time, or the next settlement does).
   */
  public void charge(long units, long nowNanos) {
    if (units <= 0) {
      return;
    }
    if (nowNanos - settledAt > SETTLE_NANOS) {
      if (lock.tryLock()) {
        try {
          // settled first: this charge, made now, must not be applied as of the last settlement
          settle(nowNanos);
          credit.addAndGet(-units);
        } finally {
          lock.unlock();
        }
        return;
      }
      lateCharge = nowNanos; // before the add: a settlement that takes this charge along sees its time
      credit.addAndGet(-units);
      return;
    }
    Shape s = shape;
    if (s.lease() > 0) {
      if (contended) {
        chargeLeased(units, s);
        return;
      }
      long c = credit.get();
      if (credit.compareAndSet(c, c - units)) {
        return;
      }
      contended = true;
    }
    credit.addAndGet(-units);
  }

  /** From now on charges draw from leases, as if two had collided on the credit. For tests. */
  void assumeContended() {
    contended = true;
  }

  /** A fresh credit's charge, from the thread's lease when it holds enough; else the lease is topped up. */
  private void chargeLeased(long units, Shape s) {
    Leases.Cell cell = leases.cell();
    if (cell.tryDraw(units)) {
      return;
    }
    long topUp = s.lease() - cell.get();
    if (topUp > 0 && credit.get() > s.leaseFloor()) {
      credit.addAndGet(-(units + topUp)); // out of the shared credit before the cell has it: never counted twice
      cell.add(topUp);
    } else {
      credit.addAndGet(-units);
    }
  }

  /** Units left now, across the windows (the smallest). */
  public long left() {
    return settled(time.nanoTime());
  }

  /** As {@link #left()} at {@code nowNanos}; from the credit, without the lock, while it is fresh. */
  public long left(long nowNanos) {
    return nowNanos - settledAt <= SETTLE_NANOS ? credit.get() + leases.held() : settled(nowNanos);
  }

  /** The shared credit alone, without the leases: what admission reads. For tests. */
  long sharedCredit() {
    return credit.get();
  }

  /** The balance at {@code nowNanos}, settled. */
  private long settled(long nowNanos) {
    lock.lock();
    try {
      return settle(nowNanos);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Under the lock: takes the leases back into the credit, charges what the credit lost since the last
   * settlement to the bucket, moves the bucket to {@code nowNanos} and makes its balance the credit again, less
   * what was charged meanwhile. Returns that balance. The credit is moved by atomic adds, not set: charges keep
   * arriving while the bucket works, and a compare-and-set would lose every race to them.
   */
  private long settle(long nowNanos) {
    long reclaimed = leases.reclaim();
    if (reclaimed != 0) {
      credit.addAndGet(reclaimed);
    }
    long c = credit.get();
    long pending = settledCredit - c;
    if (pending > 0) {
      // Made since the last settlement and within SETTLE_NANOS of it (a later charge settles first), or at
      // lateCharge: applied as of then, not of now, so that they keep the refill earned since they were made
      // (a bucket at its capacity would otherwise cap it away) and never earn refill from before they were.
      advance(Math.min(nowNanos, Math.max(settledAt, lateCharge)));
      bucket.consumeIgnoringRateLimits(pending);
    }
    advance(nowNanos);
    if (pending < 0) {
      // a lease the last settlement charged while it was on its way to a cell, now back: given back as of now
      bucket.addTokens(-pending);
    }
    long balance = bucket.getAvailableTokens();
    credit.addAndGet(balance - c); // what was charged since c stays charged, for the next settlement
    settledCredit = balance;
    settledAt = now;
    return balance;
  }

  /** The most units the bucket can hold (the burst size, or the hourly amount without a minute window). */
  public long capacity() {
    return shape.capacity();
  }

  /** Units the bucket earns back per second (of the window that refills slowest relative to its size). */
  public double refillPerSecond() {
    Shape s = shape;
    return s.perMinute() > 0 ? s.perMinute() / 60.0 : s.perHour() / 3600.0;
  }

  /** Which window is exhausted (the hour one when both are); for messages and status. */
  public Limit exhaustedLimit() {
    Shape s = shape;
    if (s.hourIndex() >= 0 && leftIn(s.hourIndex()) <= 0) {
      return hourLimit;
    }
    return s.minuteIndex() >= 0 ? minuteLimit : hourLimit;
  }

  public long leftPerMinute() {
    return leftIn(shape.minuteIndex());
  }

  public long leftPerHour() {
    return leftIn(shape.hourIndex());
  }

  private long leftIn(int index) {
    if (index < 0) {
      return ResourceStatus.UNLIMITED;
    }
    lock.lock();
    try {
      settle(time.nanoTime());
      BucketState state = bucket.asVerbose().getAvailableTokens().getState();
      return state.getCurrentSize(index);
    } finally {
      lock.unlock();
    }
  }

  /** Moves the bucket's clock to {@code nowNanos}, never back (callers' clock readings may arrive out of order). */
  private void advance(long nowNanos) {
    if (nowNanos > now) {
      now = nowNanos;
    }
  }
}

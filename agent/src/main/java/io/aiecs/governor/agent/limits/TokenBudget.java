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

/**
 * A rate budget of one kind of unit (tokens, tool calls): a Bucket4j bucket with up to two bandwidths, per
 * minute (capacity = the burst size) and per hour.
 *
 * <p>For tokens, admission only asks that the bucket be positive; the real usage is charged after the response
 * with {@code consumeIgnoringRateLimits}, so a large response drives the bucket into debt that later calls
 * wait out or are rejected on (the Envoy AI Gateway / Azure APIM behaviour users expect). Tool calls are known
 * up front and take their unit on entry with {@link #tryTake()}.
 *
 * <p>Cost per call, the hot path's largest: the bucket is used under this object's own lock, on a clock that is
 * the time of the operation in progress ({@link #charge(long, long)} takes the caller's, which the call has taken
 * anyway), so that Bucket4j reads no clock of its own (a {@code nanoTime} costs as much as the rest of a bucket
 * operation). And since a bucket only gains tokens as time passes, a balance seen above zero stays so until
 * the next charge: {@link #available()} then answers without the lock or the clock.
 */
public final class TokenBudget {
  /** Used only inside this object's lock, at the time {@link #now}; Bucket4j's own locking is off. */
  private final Bucket bucket;
  private final TimeSource time;
  private final Limit minuteLimit;
  private final Limit hourLimit;
  private volatile Shape shape;
  /** The bucket's clock: the time of the operation in progress, never going back. Guarded by this. */
  private long now;
  /** Whether the balance was above zero after the last change; refill only adds, so it stays true until one. */
  private volatile boolean positive;

  /** Which bandwidth index is which window, and the configured sizes (for throttling and status). */
  private record Shape(int minuteIndex, int hourIndex, long capacity, long perMinute, long perHour) {}

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
    synchronized (this) {
      this.now = time.nanoTime();
      this.bucket = builder.build();
      this.positive = bucket.getAvailableTokens() > 0;
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
    return new Shape(minute, hour, capacity, perMinute, perHour);
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
  public synchronized boolean reconfigure(long perMinute, long perHour, long burst) {
    if (perMinute <= 0 && perHour <= 0) {
      return false;
    }
    advance(time.nanoTime());
    bucket.replaceConfiguration(configuration(perMinute, perHour, burst), TokensInheritanceStrategy.AS_IS);
    shape = shape(perMinute, perHour, burst);
    positive = bucket.getAvailableTokens() > 0;
    return true;
  }

  /** Whether a call may start now: the bucket holds at least one unit (it is not empty or in debt). */
  public boolean available() {
    return positive || refreshed(time.nanoTime());
  }

  private synchronized boolean refreshed(long nowNanos) {
    advance(nowNanos);
    return positive = bucket.getAvailableTokens() > 0;
  }

  /** Takes one unit if there is one. */
  public synchronized boolean tryTake() {
    advance(time.nanoTime());
    boolean took = bucket.tryConsume(1);
    positive = bucket.getAvailableTokens() > 0;
    return took;
  }

  /** Gives back units taken for something that then did not happen. */
  public synchronized void refund(long units) {
    if (units > 0) {
      advance(time.nanoTime());
      bucket.addTokens(units);
      positive = bucket.getAvailableTokens() > 0;
    }
  }

  /** Nanoseconds until {@link #available()} turns true; 0 when it is already. */
  public synchronized long nanosUntilAvailable() {
    advance(time.nanoTime());
    var probe = bucket.estimateAbilityToConsume(1);
    return probe.canBeConsumed() ? 0 : probe.getNanosToWaitForRefill();
  }

  /** Charges actual usage after a response; the balance may go negative. */
  public void charge(long units) {
    charge(units, time.nanoTime());
  }

  /** As {@link #charge(long)}, at {@code nowNanos} ({@link TimeSource#nanoTime()} scale), the time the call ended. */
  public synchronized void charge(long units, long nowNanos) {
    if (units > 0) {
      advance(nowNanos);
      bucket.consumeIgnoringRateLimits(units);
      positive = bucket.getAvailableTokens() > 0;
    }
  }

  /** Units left now, across the windows (the smallest). */
  public synchronized long left() {
    advance(time.nanoTime());
    return bucket.getAvailableTokens();
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
    if (s.hourIndex() >= 0 && left(s.hourIndex()) <= 0) {
      return hourLimit;
    }
    return s.minuteIndex() >= 0 ? minuteLimit : hourLimit;
  }

  public long leftPerMinute() {
    return left(shape.minuteIndex());
  }

  public long leftPerHour() {
    return left(shape.hourIndex());
  }

  private synchronized long left(int index) {
    if (index < 0) {
      return ResourceStatus.UNLIMITED;
    }
    advance(time.nanoTime());
    BucketState state = bucket.asVerbose().getAvailableTokens().getState();
    return state.getCurrentSize(index);
  }

  /** Moves the bucket's clock to {@code nowNanos}, never back (callers' clock readings may arrive out of order). */
  private void advance(long nowNanos) {
    if (nowNanos > now) {
      now = nowNanos;
    }
  }
}

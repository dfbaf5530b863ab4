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
 */
public final class TokenBudget {
  private final Bucket bucket;
  private final Limit minuteLimit;
  private final Limit hourLimit;
  private volatile Shape shape;

  /** Which bandwidth index is which window, and the configured sizes (for throttling and status). */
  private record Shape(int minuteIndex, int hourIndex, long capacity, long perMinute, long perHour) {}

  private TokenBudget(Bucket bucket, Shape shape, Limit minuteLimit, Limit hourLimit) {
    this.bucket = bucket;
    this.shape = shape;
    this.minuteLimit = minuteLimit;
    this.hourLimit = hourLimit;
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
    Shape shape = shape(perMinute, perHour, burst);
    var builder = Bucket.builder()
        // Synchronized mutates the state in place: no allocation per call, and the lock is per budget and
        // never held across a wait.
        .withSynchronizationStrategy(SynchronizationStrategy.SYNCHRONIZED)
        .withCustomTimePrecision(new TimeMeter() {
          @Override
          public long currentTimeNanos() {
            return time.nanoTime();
          }

          @Override
          public boolean isWallClockBased() {
            return false;
          }
        });
    for (Bandwidth bandwidth : configuration(perMinute, perHour, burst).getBandwidths()) {
      builder.addLimit(bandwidth);
    }
    return new TokenBudget(builder.build(), shape, minuteLimit, hourLimit);
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
  public boolean reconfigure(long perMinute, long perHour, long burst) {
    if (perMinute <= 0 && perHour <= 0) {
      return false;
    }
    bucket.replaceConfiguration(configuration(perMinute, perHour, burst), TokensInheritanceStrategy.AS_IS);
    shape = shape(perMinute, perHour, burst);
    return true;
  }

  /** Whether a call may start now: the bucket holds at least one unit (it is not empty or in debt). */
  public boolean available() {
    return bucket.getAvailableTokens() > 0;
  }

  /** Takes one unit if there is one. */
  public boolean tryTake() {
    return bucket.tryConsume(1);
  }

  /** Gives back units taken for something that then did not happen. */
  public void refund(long units) {
    if (units > 0) {
      bucket.addTokens(units);
    }
  }

  /** Nanoseconds until {@link #available()} turns true; 0 when it is already. */
  public long nanosUntilAvailable() {
    var probe = bucket.estimateAbilityToConsume(1);
    return probe.canBeConsumed() ? 0 : probe.getNanosToWaitForRefill();
  }

  /** Charges actual usage after a response; the balance may go negative. */
  public void charge(long units) {
    if (units > 0) {
      bucket.consumeIgnoringRateLimits(units);
    }
  }

  /** Units left now, across the windows (the smallest). */
  public long left() {
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
    BucketState state = bucket.asVerbose().getAvailableTokens().getState();
    if (s.hourIndex() >= 0 && state.getCurrentSize(s.hourIndex()) <= 0) {
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

  private long left(int index) {
    if (index < 0) {
      return ResourceStatus.UNLIMITED;
    }
    return bucket.asVerbose().getAvailableTokens().getState().getCurrentSize(index);
  }
}

package io.aiecs.governor.agent.limits;

import io.aiecs.governor.Limit;
import io.aiecs.governor.ResourceStatus;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketState;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.local.SynchronizationStrategy;
import java.time.Duration;

/**
 * An agent's token budget: a Bucket4j bucket with up to two bandwidths, per minute (capacity = the burst size)
 * and per hour. Admission only asks that the bucket be positive; the real usage is charged after the response
 * with {@code consumeIgnoringRateLimits}, so a large response drives the bucket into debt that later calls
 * wait out or are rejected on (the Envoy AI Gateway / Azure APIM behaviour users expect).
 */
public final class TokenBudget {
  private final Bucket bucket;
  private final int minuteIndex;
  private final int hourIndex;

  private TokenBudget(Bucket bucket, int minuteIndex, int hourIndex) {
    this.bucket = bucket;
    this.minuteIndex = minuteIndex;
    this.hourIndex = hourIndex;
  }

  /** A budget for the given limits; {@code null} when neither per-minute nor per-hour is set (unlimited). */
  public static TokenBudget of(long perMinute, long perHour, long burst, TimeSource time) {
    if (perMinute <= 0 && perHour <= 0) {
      return null;
    }
    var builder = Bucket.builder()
        // Synchronized mutates the state in place: no allocation per call, and the lock is per agent and
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
    int index = 0;
    int minute = -1;
    int hour = -1;
    if (perMinute > 0) {
      long capacity = burst > 0 ? burst : perMinute;
      builder.addLimit(Bandwidth.builder().capacity(capacity).refillGreedy(perMinute, Duration.ofMinutes(1))
          .id("minute").build());
      minute = index++;
    }
    if (perHour > 0) {
      builder.addLimit(Bandwidth.builder().capacity(perHour).refillGreedy(perHour, Duration.ofHours(1))
          .id("hour").build());
      hour = index;
    }
    return new TokenBudget(builder.build(), minute, hour);
  }

  /** Whether a call may start now: the bucket holds at least one token (it is not empty or in debt). */
  public boolean available() {
    return bucket.getAvailableTokens() > 0;
  }

  /** Nanoseconds until {@link #available()} turns true; 0 when it is already. */
  public long nanosUntilAvailable() {
    var probe = bucket.estimateAbilityToConsume(1);
    return probe.canBeConsumed() ? 0 : probe.getNanosToWaitForRefill();
  }

  /** Charges actual usage after a response; the balance may go negative. */
  public void charge(long tokens) {
    if (tokens > 0) {
      bucket.consumeIgnoringRateLimits(tokens);
    }
  }

  /** Which window is exhausted (the hour one when both are); for messages and status. */
  public Limit exhaustedLimit() {
    BucketState state = bucket.asVerbose().getAvailableTokens().getState();
    if (hourIndex >= 0 && state.getCurrentSize(hourIndex) <= 0) {
      return Limit.TOKENS_PER_HOUR;
    }
    return minuteIndex >= 0 ? Limit.TOKENS_PER_MINUTE : Limit.TOKENS_PER_HOUR;
  }

  public long leftPerMinute() {
    return left(minuteIndex);
  }

  public long leftPerHour() {
    return left(hourIndex);
  }

  private long left(int index) {
    if (index < 0) {
      return ResourceStatus.UNLIMITED;
    }
    return bucket.asVerbose().getAvailableTokens().getState().getCurrentSize(index);
  }
}

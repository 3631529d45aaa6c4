package dev.baton.testkit;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that stands still until a test moves it, so that time-dependent rules (freeze
 * windows, retry delays, durations) are tested without sleeping.
 *
 * <p>Thread-safe: the instant is held atomically, so one thread may advance the clock while
 * others read it. Clocks derived with {@link #withZone(ZoneId)} share the same instant.
 *
 * @since 0.1
 */
public final class MutableClock extends Clock {
  /**
   * Where {@link #create()} starts: 2025-01-01T00:00:00Z.
   *
   * @since 0.1
   */
  public static final Instant DEFAULT_START = Instant.parse("2025-01-01T00:00:00Z");

  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /**
   * A clock in UTC standing at {@link #DEFAULT_START}.
   *
   * @since 0.1
   */
  public static MutableClock create() {
    return at(DEFAULT_START);
  }

  /**
   * A clock in UTC standing at the given instant.
   *
   * @since 0.1
   */
  public static MutableClock at(Instant start) {
    return new MutableClock(new AtomicReference<>(required(start, "start")), ZoneOffset.UTC);
  }

  /**
   * Moves the clock to the given instant, forwards or backwards.
   *
   * @since 0.1
   */
  public void set(Instant instant) {
    now.set(required(instant, "instant"));
  }

  /**
   * Moves the clock forwards and returns the new instant.
   *
   * @throws BatonException {@link ErrorCode#INVALID_ARGUMENT} for a negative duration; use
   *     {@link #set(Instant)} to go back in time on purpose
   * @since 0.1
   */
  public Instant advance(Duration amount) {
    required(amount, "amount");
    if (amount.isNegative()) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT,
          "a clock advances by a positive duration, was " + amount);
    }
    return now.updateAndGet(current -> current.plus(amount));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /** A view of this clock in another zone; moving either moves both. */
  @Override
  public MutableClock withZone(ZoneId newZone) {
    return new MutableClock(now, required(newZone, "zone"));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof MutableClock clock && clock.now == now && clock.zone.equals(zone);
  }

  @Override
  public int hashCode() {
    return Objects.hash(System.identityHashCode(now), zone);
  }

  @Override
  public String toString() {
    return "MutableClock[" + now.get() + ", " + zone + "]";
  }

  private static <T> T required(T value, String what) {
    if (value == null) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, what + " is required");
    }
    return value;
  }
}

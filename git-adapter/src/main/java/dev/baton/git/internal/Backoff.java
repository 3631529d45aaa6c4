package dev.baton.git.internal;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.git.Sleeper;
import java.time.Duration;
import java.util.Random;

/**
 * Bounded exponential backoff with jitter: after the n-th failed attempt it waits a random time
 * between half and all of {@code min(max, initial * 2^(n-1))}. The jitter keeps two writers that
 * lost to each other from retrying in lockstep. The waiting itself is the {@link Sleeper}'s, so
 * tests inject one that only records. Thread-safe ({@link Random} is).
 */
public final class Backoff {
  private final Duration initial;
  private final Duration max;
  private final Random random;
  private final Sleeper sleeper;

  /** A backoff from {@code initial} doubling up to {@code max}. */
  public Backoff(Duration initial, Duration max, Random random, Sleeper sleeper) {
    this.initial = initial;
    this.max = max;
    this.random = random;
    this.sleeper = sleeper;
  }

  /** The delay after {@code failedAttempts} failures (at least 1). */
  public Duration delay(int failedAttempts) {
    long ceiling = max.toNanos();
    long base = Math.min(initial.toNanos(), ceiling);
    for (int i = 1; i < failedAttempts && base < ceiling; i++) {
      base = base > ceiling / 2 ? ceiling : base * 2;
    }
    long half = base / 2;
    return Duration.ofNanos(half + random.nextLong(base - half + 1));
  }

  /** Waits after {@code failedAttempts} failures. */
  public void pause(int failedAttempts) {
    try {
      sleeper.sleep(delay(failedAttempts));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BatonException(ErrorCode.BACKEND_FAILURE,
          "interrupted while waiting to retry a Git write; nothing was written", e);
    }
  }
}

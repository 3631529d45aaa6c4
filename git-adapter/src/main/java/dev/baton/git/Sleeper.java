package dev.baton.git;

import java.time.Duration;

/**
 * Waits between retries of a lost compare-and-set or a rejected push. The default really sleeps;
 * tests pass one that only records the delays, so no test ever waits.
 *
 * <p>Implementations must be thread-safe: several writes may back off at once.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface Sleeper {

  /**
   * Waits for the given duration (never negative).
   *
   * @since 0.1
   */
  void sleep(Duration duration) throws InterruptedException;

  /**
   * A sleeper that blocks the calling thread with {@link Thread#sleep(long, int)}.
   *
   * @since 0.1
   */
  static Sleeper system() {
    return duration -> Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
  }
}

package dev.baton.testkit.random;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import java.util.SplittableRandom;

/**
 * The only source of randomness a {@link Gen} may draw from: a {@link SplittableRandom} seeded
 * explicitly, so that the same seed always yields the same values in the same order.
 *
 * <p>Generators must take every random decision from here (never from {@code Math.random}, a
 * clock or a shared {@code Random}); that is what makes a failing case replayable from its seed.
 *
 * <p>Not thread-safe: use one instance per thread, or {@link #split()} one off for another thread.
 *
 * @since 0.1
 */
public final class Randomness {
  private final SplittableRandom random;

  private Randomness(SplittableRandom random) {
    this.random = random;
  }

  /**
   * A source that yields exactly the same sequence every time it is created with {@code seed}.
   *
   * @since 0.1
   */
  public static Randomness seeded(long seed) {
    return new Randomness(new SplittableRandom(seed));
  }

  /**
   * A uniformly distributed int in {@code [min, max]}, both ends included.
   *
   * @throws BatonException with {@link ErrorCode#INVALID_ARGUMENT} if {@code min > max}
   * @since 0.1
   */
  public int nextInt(int min, int max) {
    if (min > max) {
      throw new BatonException(
          ErrorCode.INVALID_ARGUMENT, "min " + min + " is greater than max " + max);
    }
    // The long overload keeps max == Integer.MAX_VALUE inclusive without overflow.
    return (int) random.nextLong(min, (long) max + 1);
  }

  /**
   * A uniformly distributed long over the whole range.
   *
   * @since 0.1
   */
  public long nextLong() {
    return random.nextLong();
  }

  /**
   * A fair coin.
   *
   * @since 0.1
   */
  public boolean nextBoolean() {
    return random.nextBoolean();
  }

  /**
   * A uniformly distributed double in {@code [0, 1)}.
   *
   * @since 0.1
   */
  public double nextDouble() {
    return random.nextDouble();
  }

  /**
   * A new, independent source derived from this one; drawing from it does not change what this
   * one yields next beyond the single draw that created it.
   *
   * @since 0.1
   */
  public Randomness split() {
    return new Randomness(random.split());
  }
}

package dev.baton.testkit.random;

/**
 * Thrown by {@link Property} when a case fails: the message names the seed, the original and the
 * shrunk value and the command line that replays the case; the cause is what the shrunk value
 * threw (absent when the predicate simply returned {@code false}).
 *
 * <p>The accessors let a test of the harness itself check what was found. Not thread-safe (as any
 * exception, it is meant to be thrown and read by one thread).
 *
 * @since 0.1
 */
public final class PropertyFailure extends AssertionError {
  private static final long serialVersionUID = 1L;

  private final long seed;
  private final transient Object original;
  private final transient Object shrunk;
  private final int shrinkSteps;

  PropertyFailure(
      String message, Throwable cause, long seed, Object original, Object shrunk, int steps) {
    super(message, cause);
    this.seed = seed;
    this.original = original;
    this.shrunk = shrunk;
    this.shrinkSteps = steps;
  }

  /**
   * The seed of the failing case; pass it to {@link Property#seed(long)} to replay.
   *
   * @since 0.1
   */
  public long seed() {
    return seed;
  }

  /**
   * The value first found to fail (null after deserialisation).
   *
   * @since 0.1
   */
  public Object original() {
    return original;
  }

  /**
   * The smallest failing value shrinking reached (null after deserialisation).
   *
   * @since 0.1
   */
  public Object shrunk() {
    return shrunk;
  }

  /**
   * How many times a simpler failing value replaced the current one.
   *
   * @since 0.1
   */
  public int shrinkSteps() {
    return shrinkSteps;
  }
}

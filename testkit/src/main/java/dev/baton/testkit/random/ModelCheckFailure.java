package dev.baton.testkit.random;

import java.util.List;

/**
 * Thrown by {@link ModelCheck#check()} when a sequence fails: the message holds the seed, the
 * original length, the shrunk sequence one command per line, the failure and the command line
 * that replays it; the cause is what the shrunk sequence threw (the original failure is attached
 * to it as suppressed when they differ).
 *
 * <p>The accessors let a test of the harness itself check what was found. Not thread-safe (as any
 * exception, it is meant to be thrown and read by one thread).
 *
 * @since 0.1
 */
public final class ModelCheckFailure extends AssertionError {
  private static final long serialVersionUID = 1L;

  private final long seed;
  private final int originalLength;
  private final List<String> shrunkSequence;

  ModelCheckFailure(
      String message, Throwable cause, long seed, int originalLength, List<String> shrunk) {
    super(message, cause);
    this.seed = seed;
    this.originalLength = originalLength;
    this.shrunkSequence = List.copyOf(shrunk);
  }

  /**
   * The seed of the failing sequence; pass it to {@link ModelCheck#seed(long)} to replay.
   *
   * @since 0.1
   */
  public long seed() {
    return seed;
  }

  /**
   * How many commands the failing sequence had when generated.
   *
   * @since 0.1
   */
  public int originalLength() {
    return originalLength;
  }

  /**
   * The shrunk sequence, each command as its {@code toString()}, in order.
   *
   * @since 0.1
   */
  public List<String> shrunkSequence() {
    return shrunkSequence;
  }
}

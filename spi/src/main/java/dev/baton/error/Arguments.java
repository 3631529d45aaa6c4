package dev.baton.error;

/**
 * The argument checks every module shares, so that bad input is refused the same way everywhere:
 * with {@link ErrorCode#INVALID_ARGUMENT} and a message naming what was wrong, before anything is
 * read or written. Adapter authors may use it for their own ports. Stateless and thread-safe.
 *
 * @since 0.1
 */
public final class Arguments {
  private Arguments() {}

  /**
   * Returns {@code value} when it is not null.
   *
   * @param value the argument
   * @param what how the message names it, for example {@code "promotion id"}
   * @return {@code value}
   * @throws BatonException {@code INVALID_ARGUMENT} "{what} is required" for a null
   * @param <T> the argument's type
   * @since 0.1
   */
  public static <T> T notNull(T value, String what) {
    if (value == null) {
      throw invalid(what + " is required");
    }
    return value;
  }

  /**
   * Refuses an argument for which {@code ok} is false.
   *
   * @param ok whether the argument is acceptable
   * @param message the whole message of the refusal
   * @throws BatonException {@code INVALID_ARGUMENT} with {@code message} when {@code ok} is false
   * @since 0.1
   */
  public static void check(boolean ok, String message) {
    if (!ok) {
      throw invalid(message);
    }
  }

  /**
   * The refusal of a bad argument, for the caller to throw.
   *
   * @param message the whole message
   * @return a new {@code INVALID_ARGUMENT} exception
   * @since 0.1
   */
  public static BatonException invalid(String message) {
    return new BatonException(ErrorCode.INVALID_ARGUMENT, message);
  }
}

package dev.baton.model;

/**
 * Identifies the release created when a promotion executes. Immutable and thread-safe.
 *
 * @param value the identifier as text
 * @since 0.1
 */
public record ReleaseId(String value) implements Comparable<ReleaseId> {
  /**
   * Validates the identifier.
   *
   * @param value the identifier as text
   * @since 0.1
   */
  public ReleaseId {
    value = Checks.name(value, "ReleaseId");
  }

  /**
   * Static factory, same as the constructor.
   *
   * @param value the text of a release id
   * @return the validated value
   * @throws dev.baton.error.BatonException {@code INVALID_ARGUMENT} for a value the constructor
   *     refuses
   * @since 0.1
   */
  public static ReleaseId of(String value) {
    return new ReleaseId(value);
  }

  /**
   * Orders by value, as text ({@link String#compareTo}), so that sorted output is stable.
   *
   * @param other the value to compare with
   * @return negative, zero or positive as this value sorts before, with or after {@code other}
   * @since 0.1
   */
  @Override
  public int compareTo(ReleaseId other) {
    return value.compareTo(other.value);
  }

  /**
   * The value itself, so that it prints (in messages, logs and commit trailers) as written.
   *
   * @return {@link #value()}
   * @since 0.1
   */
  @Override
  public String toString() {
    return value;
  }
}

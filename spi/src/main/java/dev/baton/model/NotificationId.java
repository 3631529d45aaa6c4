package dev.baton.model;

/**
 * Stable identity of one notification, so that a receiver can drop a redelivered duplicate.
 * Immutable and thread-safe.
 *
 * @param value the identifier as text
 * @since 0.1
 */
public record NotificationId(String value) implements Comparable<NotificationId> {
  /**
   * Validates the identifier.
   *
   * @param value the identifier as text
   * @since 0.1
   */
  public NotificationId {
    value = Checks.id(value, "NotificationId");
  }

  /**
   * Static factory, same as the constructor.
   *
   * @param value the text of a notification id
   * @return the validated value
   * @throws dev.baton.error.BatonException {@code INVALID_ARGUMENT} for a value the constructor
   *     refuses
   * @since 0.1
   */
  public static NotificationId of(String value) {
    return new NotificationId(value);
  }

  /**
   * Orders by value, as text ({@link String#compareTo}), so that sorted output is stable.
   *
   * @param other the value to compare with
   * @return negative, zero or positive as this value sorts before, with or after {@code other}
   * @since 0.1
   */
  @Override
  public int compareTo(NotificationId other) {
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

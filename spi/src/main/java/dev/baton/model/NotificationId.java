package dev.baton.model;

/**
 * Stable identity of one notification, so that a receiver can drop a redelivered duplicate.
 * Immutable and thread-safe.
 *
 * @param value the identifier as text
 */
public record NotificationId(String value) implements Comparable<NotificationId> {
  /** Validates the identifier. */
  public NotificationId {
    value = Checks.id(value, "NotificationId");
  }

  /** Static factory, same as the constructor. */
  public static NotificationId of(String value) {
    return new NotificationId(value);
  }

  @Override
  public int compareTo(NotificationId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}

package dev.baton.model;

/**
 * Identifies a person (or robot) acting on promotions: requester, approver, deployer. Immutable
 * and thread-safe.
 *
 * @param value the identifier as text
 */
public record UserId(String value) implements Comparable<UserId> {
  /** Validates the identifier. */
  public UserId {
    value = Checks.id(value, "UserId");
  }

  /** Static factory, same as the constructor. */
  public static UserId of(String value) {
    return new UserId(value);
  }

  @Override
  public int compareTo(UserId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}

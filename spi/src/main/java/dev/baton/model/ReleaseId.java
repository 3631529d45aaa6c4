package dev.baton.model;

/**
 * Identifies the release created when a promotion executes. Immutable and thread-safe.
 *
 * @param value the identifier as text
 */
public record ReleaseId(String value) implements Comparable<ReleaseId> {
  /** Validates the identifier. */
  public ReleaseId {
    value = Checks.name(value, "ReleaseId");
  }

  /** Static factory, same as the constructor. */
  public static ReleaseId of(String value) {
    return new ReleaseId(value);
  }

  @Override
  public int compareTo(ReleaseId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}

package dev.baton.model;

/**
 * Identifies a version of an environment's state, such as a Git commit id. Immutable and thread-
 * safe.
 *
 * @param value the identifier as text
 */
public record Revision(String value) implements Comparable<Revision> {
  /** Validates the identifier. */
  public Revision {
    value = Checks.id(value, "Revision");
  }

  /** Static factory, same as the constructor. */
  public static Revision of(String value) {
    return new Revision(value);
  }

  @Override
  public int compareTo(Revision other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}

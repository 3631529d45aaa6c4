package dev.baton.model;

/**
 * Names a deployment target such as {@code dev}, {@code staging} or {@code production}; safe to
 * use as a folder name. Immutable and thread-safe.
 *
 * @param value the identifier as text
 */
public record EnvironmentName(String value) implements Comparable<EnvironmentName> {
  /** Validates the identifier. */
  public EnvironmentName {
    value = Checks.name(value, "EnvironmentName");
  }

  /** Static factory, same as the constructor. */
  public static EnvironmentName of(String value) {
    return new EnvironmentName(value);
  }

  @Override
  public int compareTo(EnvironmentName other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}

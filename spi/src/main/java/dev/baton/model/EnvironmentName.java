package dev.baton.model;

/**
 * Names a deployment target such as {@code dev}, {@code staging} or {@code production}; safe to
 * use as a folder name. Immutable and thread-safe.
 *
 * @param value the identifier as text
 * @since 0.1
 */
public record EnvironmentName(String value) implements Comparable<EnvironmentName> {
  /**
   * Validates the identifier.
   *
   * @param value the identifier as text
   * @since 0.1
   */
  public EnvironmentName {
    value = Checks.name(value, "EnvironmentName");
  }

  /**
   * Static factory, same as the constructor.
   *
   * @param value the text of an environment name
   * @return the validated value
   * @throws dev.baton.error.BatonException {@code INVALID_ARGUMENT} for a value the constructor
   *     refuses
   * @since 0.1
   */
  public static EnvironmentName of(String value) {
    return new EnvironmentName(value);
  }

  /**
   * Orders by value, as text ({@link String#compareTo}), so that sorted output is stable.
   *
   * @param other the value to compare with
   * @return negative, zero or positive as this value sorts before, with or after {@code other}
   * @since 0.1
   */
  @Override
  public int compareTo(EnvironmentName other) {
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

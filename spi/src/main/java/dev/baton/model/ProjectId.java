package dev.baton.model;

/**
 * Names a project: the unit that owns one pipeline, its environments and promotions. Immutable and
 * thread-safe.
 *
 * @param value the identifier as text
 */
public record ProjectId(String value) implements Comparable<ProjectId> {
  /** Validates the identifier. */
  public ProjectId {
    value = Checks.name(value, "ProjectId");
  }

  /** Static factory, same as the constructor. */
  public static ProjectId of(String value) {
    return new ProjectId(value);
  }

  @Override
  public int compareTo(ProjectId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}

package dev.baton.model;

/**
 * Identifies one promotion request; safe to use in a Git ref name. Immutable and thread-safe.
 *
 * @param value the identifier as text
 */
public record PromotionId(String value) implements Comparable<PromotionId> {
  /** Validates the identifier. */
  public PromotionId {
    value = Checks.name(value, "PromotionId");
  }

  /** Static factory, same as the constructor. */
  public static PromotionId of(String value) {
    return new PromotionId(value);
  }

  @Override
  public int compareTo(PromotionId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}

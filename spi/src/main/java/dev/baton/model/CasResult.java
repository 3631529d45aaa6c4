package dev.baton.model;

/**
 * The expected outcomes of a compare-and-set on a store: a lost race is a value, not an error.
 *
 * <p>Immutable and thread-safe, as every enum.
 *
 * @since 0.1
 */
public enum CasResult {
  /**
   * The write happened.
   *
   * @since 0.1
   */
  APPLIED,
  /**
   * The stored version was not the expected one; nothing was written.
   *
   * @since 0.1
   */
  VERSION_MISMATCH,
  /**
   * Nothing is stored under that key; nothing was written.
   *
   * @since 0.1
   */
  NOT_FOUND
}

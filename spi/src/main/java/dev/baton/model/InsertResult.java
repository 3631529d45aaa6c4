package dev.baton.model;

/**
 * The expected outcomes of inserting a new promotion.
 *
 * <p>Immutable and thread-safe, as every enum.
 *
 * @since 0.1
 */
public enum InsertResult {
  /**
   * Stored.
   *
   * @since 0.1
   */
  INSERTED,
  /**
   * A promotion with the same id exists; nothing was written.
   *
   * @since 0.1
   */
  DUPLICATE_ID,
  /**
   * A promotion of the same project with the same idempotency key exists; nothing was written.
   *
   * @since 0.1
   */
  DUPLICATE_KEY
}

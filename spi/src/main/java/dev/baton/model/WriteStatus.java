package dev.baton.model;

/**
 * The expected outcomes of writing to an environment.
 *
 * <p>Immutable and thread-safe, as every enum.
 *
 * @since 0.1
 */
public enum WriteStatus {
  /**
   * The changes were written as a new revision.
   *
   * @since 0.1
   */
  WRITTEN,
  /**
   * A write for the same promotion exists already (found by its promotion id); nothing new.
   *
   * @since 0.1
   */
  ALREADY_WRITTEN,
  /**
   * The environment's files changed since the expected revision; nothing was written.
   *
   * @since 0.1
   */
  STALE
}

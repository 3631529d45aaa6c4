package dev.baton.model;

/**
 * Whether a written promotion has reached the branch that is deployed from.
 *
 * <p>Immutable and thread-safe, as every enum.
 *
 * @since 0.1
 */
public enum DeliveryStatus {
  /**
   * The write is on the target (always, for a repository that writes directly).
   *
   * @since 0.1
   */
  ON_TARGET,
  /**
   * The write waits on a pull request that is not merged yet; nothing may be deployed.
   *
   * @since 0.1
   */
  AWAITING_MERGE,
  /**
   * The pull request was closed without merging; the write will never reach the target.
   *
   * @since 0.1
   */
  CLOSED
}

package dev.baton.model;

/**
 * Where a pull request stands on the hosting service.
 *
 * <p>Immutable and thread-safe, as every enum.
 *
 * @since 0.1
 */
public enum PullRequestState {
  /**
   * Open: neither merged nor closed.
   *
   * @since 0.1
   */
  OPEN,
  /**
   * Merged into its base branch.
   *
   * @since 0.1
   */
  MERGED,
  /**
   * Closed without merging.
   *
   * @since 0.1
   */
  CLOSED
}

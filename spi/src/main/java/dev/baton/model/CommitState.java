package dev.baton.model;

/**
 * Progress of a promotion as reported against the commit that carries it.
 *
 * <p>Immutable and thread-safe, as every enum.
 *
 * @since 0.1
 */
public enum CommitState {
  /**
   * Written; the deployment is still to come.
   *
   * @since 0.1
   */
  PENDING,
  /**
   * Deployed.
   *
   * @since 0.1
   */
  SUCCESS,
  /**
   * The deployment failed or is held.
   *
   * @since 0.1
   */
  FAILURE
}

package dev.baton.model;

/**
 * Where a release stands with respect to deployment.
 *
 * <p>Immutable and thread-safe, as every enum.
 *
 * @since 0.1
 */
public enum DeployState {
  /**
   * Not deployed: the target's policy is MANUAL, or a deploy is still to come.
   *
   * @since 0.1
   */
  WAITING,
  /**
   * Held because the target is frozen.
   *
   * @since 0.1
   */
  HELD_BY_FREEZE,
  /**
   * The last deploy attempt failed; a manual deploy may retry.
   *
   * @since 0.1
   */
  FAILED,
  /**
   * A deploy started but its executor stopped before recording the outcome (a crash, a kill): it
   * may or may not have happened. Never retried by itself; a manual deploy retries it.
   *
   * @since 0.1
   */
  INTERRUPTED,
  /**
   * Deployed.
   *
   * @since 0.1
   */
  DEPLOYED,
  /**
   * Written to a pull request that is not merged yet: nothing is deployed until the write is on
   * the target branch; recovery moves the release on once it is (or closes the promotion when
   * the pull request was closed unmerged).
   *
   * @since 0.1
   */
  AWAITING_MERGE
}

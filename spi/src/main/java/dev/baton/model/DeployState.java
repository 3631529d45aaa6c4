package dev.baton.model;

/** Where a release stands with respect to deployment. */
public enum DeployState {
  /** Not deployed: the target's policy is MANUAL, or a deploy is still to come. */
  WAITING,
  /** Held because the target is frozen. */
  HELD_BY_FREEZE,
  /** The last deploy attempt failed; a manual deploy may retry. */
  FAILED,
  /**
   * A deploy started but its executor stopped before recording the outcome (a crash, a kill): it
   * may or may not have happened. Never retried by itself; a manual deploy retries it.
   */
  INTERRUPTED,
  /** Deployed. */
  DEPLOYED,
  /**
   * Written to a pull request that is not merged yet: nothing is deployed until the write is on
   * the target branch; recovery moves the release on once it is (or closes the promotion when
   * the pull request was closed unmerged).
   */
  AWAITING_MERGE
}

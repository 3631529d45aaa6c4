package dev.baton.model;

/**
 * How far an execution got; recorded so that a restarted engine resumes instead of redoing.
 *
 * <p>Immutable and thread-safe, as every enum.
 *
 * @since 0.1
 */
public enum ExecutionStep {
  /**
   * The quorum was met and one executor holds the claim; nothing was written yet.
   *
   * @since 0.1
   */
  CLAIMED,
  /**
   * The target's new state is written (the Git commit exists) and its release is not recorded
   * yet. Only Baton 0.1 records this step; later engines record the write with its release (and
   * usually the step after it) in one change, and resume a claim found here.
   *
   * @since 0.1
   */
  WRITTEN,
  /**
   * The release exists; the deploy decision is next. Recorded with the write when the write
   * waits for a pull request's merge or the decision could not be made right after it, and as
   * a merged pull request's claim.
   *
   * @since 0.1
   */
  RELEASED,
  /**
   * The deployer is being called (at most once per claim token). A take-over that finds this step
   * never deploys again: it records the release as {@link DeployState#INTERRUPTED}.
   *
   * @since 0.1
   */
  DEPLOYING
}

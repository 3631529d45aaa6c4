package dev.baton.model;

/** How far an execution got; recorded so that a restarted engine resumes instead of redoing. */
public enum ExecutionStep {
  /** The quorum was met and one executor holds the claim; nothing was written yet. */
  CLAIMED,
  /** The target's new state is written (the Git commit exists). */
  WRITTEN,
  /** The release exists; the deploy decision is next. */
  RELEASED,
  /**
   * The deployer is being called (at most once per claim token). A take-over that finds this step
   * never deploys again: it records the release as {@link DeployState#INTERRUPTED}.
   */
  DEPLOYING
}

package dev.baton.model;

/** Progress of a promotion as reported against the commit that carries it. */
public enum CommitState {
  /** Written; the deployment is still to come. */
  PENDING,
  /** Deployed. */
  SUCCESS,
  /** The deployment failed or is held. */
  FAILURE
}

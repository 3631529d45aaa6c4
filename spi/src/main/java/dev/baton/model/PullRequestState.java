package dev.baton.model;

/** Where a pull request stands on the hosting service. */
public enum PullRequestState {
  /** Open: neither merged nor closed. */
  OPEN,
  /** Merged into its base branch. */
  MERGED,
  /** Closed without merging. */
  CLOSED
}

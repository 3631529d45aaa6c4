package dev.baton.model;

/** Whether a written promotion has reached the branch that is deployed from. */
public enum DeliveryStatus {
  /** The write is on the target (always, for a repository that writes directly). */
  ON_TARGET,
  /** The write waits on a pull request that is not merged yet; nothing may be deployed. */
  AWAITING_MERGE,
  /** The pull request was closed without merging; the write will never reach the target. */
  CLOSED
}

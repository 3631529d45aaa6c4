package dev.baton.model;

/** What a person decided about a promotion. */
public enum DecisionKind {
  /** Counts toward the quorum. */
  APPROVE,
  /** Ends the promotion as REJECTED. */
  REJECT,
  /** The requester took the promotion back; ends it as REJECTED. */
  WITHDRAW
}

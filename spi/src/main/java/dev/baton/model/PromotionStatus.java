package dev.baton.model;

/**
 * The public status of a promotion. {@code COMPLETED} and {@code REJECTED} are terminal and
 * absorb every further operation; execution progress is recorded beside the status in an
 * {@link ExecutionClaim}, never as an extra status.
 */
public enum PromotionStatus {
  /** Waiting for its approval quorum. */
  PENDING_APPROVAL,
  /** Executed and released, waiting for a (manual) deployment. */
  PENDING_RELEASE,
  /** Released and deployed. Terminal. */
  COMPLETED,
  /** Rejected by an approver or withdrawn by its requester. Terminal. */
  REJECTED;

  /** Whether no operation may change a promotion in this status any more. */
  public boolean isTerminal() {
    return this == COMPLETED || this == REJECTED;
  }
}

package dev.baton.model;

/**
 * The public status of a promotion. {@code COMPLETED} and {@code REJECTED} are terminal and
 * absorb every further operation; execution progress is recorded beside the status in an
 * {@link ExecutionClaim}, never as an extra status.
 *
 * <p>Immutable and thread-safe, as every enum.
 *
 * @since 0.1
 */
public enum PromotionStatus {
  /**
   * Waiting for its approval quorum.
   *
   * @since 0.1
   */
  PENDING_APPROVAL,
  /**
   * Executed and released, waiting for a (manual) deployment.
   *
   * @since 0.1
   */
  PENDING_RELEASE,
  /**
   * Released and deployed. Terminal.
   *
   * @since 0.1
   */
  COMPLETED,
  /**
   * Rejected by an approver or withdrawn by its requester. Terminal.
   *
   * @since 0.1
   */
  REJECTED;

  /**
   * Whether no operation may change a promotion in this status any more.
   *
   * @return {@code true} for COMPLETED and REJECTED
   * @since 0.1
   */
  public boolean isTerminal() {
    return this == COMPLETED || this == REJECTED;
  }
}

package dev.baton.model;

/**
 * Why a notification was sent.
 *
 * <p>Immutable and thread-safe, as every enum.
 *
 * @since 0.1
 */
public enum NotificationKind {
  /**
   * A promotion was requested: sent to the people who may approve it.
   *
   * @since 0.1
   */
  SUBMITTED,
  /**
   * The quorum was met: sent to the requester.
   *
   * @since 0.1
   */
  APPROVED,
  /**
   * An approver rejected the promotion: sent to the requester.
   *
   * @since 0.1
   */
  REJECTED,
  /**
   * The requester withdrew the promotion: sent to the approvers who had approved.
   *
   * @since 0.1
   */
  WITHDRAWN,
  /**
   * The promotion is released and deployed: sent to the requester.
   *
   * @since 0.1
   */
  COMPLETED,
  /**
   * The promotion is released but waits for a deployment: sent to the requester.
   *
   * @since 0.1
   */
  PENDING_RELEASE
}

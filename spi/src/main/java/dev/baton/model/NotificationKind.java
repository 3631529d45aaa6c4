package dev.baton.model;

/** Why a notification was sent. */
public enum NotificationKind {
  /** A promotion was requested: sent to the people who may approve it. */
  SUBMITTED,
  /** The quorum was met: sent to the requester. */
  APPROVED,
  /** An approver rejected the promotion: sent to the requester. */
  REJECTED,
  /** The requester withdrew the promotion: sent to the approvers who had approved. */
  WITHDRAWN,
  /** The promotion is released and deployed: sent to the requester. */
  COMPLETED,
  /** The promotion is released but waits for a deployment: sent to the requester. */
  PENDING_RELEASE
}

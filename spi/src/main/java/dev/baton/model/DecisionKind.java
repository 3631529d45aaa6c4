package dev.baton.model;

/**
 * What a person decided about a promotion.
 *
 * <p>Immutable and thread-safe, as every enum.
 *
 * @since 0.1
 */
public enum DecisionKind {
  /**
   * Counts toward the quorum.
   *
   * @since 0.1
   */
  APPROVE,
  /**
   * Ends the promotion as REJECTED.
   *
   * @since 0.1
   */
  REJECT,
  /**
   * The requester took the promotion back; ends it as REJECTED.
   *
   * @since 0.1
   */
  WITHDRAW,
  /**
   * Baton closed it at execution without writing, because what it would write is no longer what
   * was approved (the target changed in what it moves, or it would roll versions back); ends it
   * as REJECTED, and a new request is needed. Recorded for the person whose action executed it.
   *
   * @since 0.1
   */
  INVALIDATE,
  /**
   * Baton closed it after writing because the pull request that carried the write was closed
   * without merging: nothing reached the target or was deployed; ends it as REJECTED. Recorded
   * for the person whose action executed it.
   *
   * @since 0.1
   */
  PULL_REQUEST_CLOSED
}

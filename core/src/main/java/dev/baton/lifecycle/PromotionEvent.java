package dev.baton.lifecycle;

import dev.baton.model.BreakGlass;
import dev.baton.model.PromotionStatus;
import dev.baton.model.Release;
import dev.baton.model.Revision;
import dev.baton.model.UserId;
import java.time.Instant;
import java.util.Optional;

/**
 * Something that happens to a promotion. {@link Lifecycle#apply} turns a promotion and an event
 * into the promotion's next version, or refuses the event. Immutable.
 *
 * @since 0.1
 */
public sealed interface PromotionEvent {

  /**
   * Who caused the event.
   *
   * @since 0.1
   */
  UserId by();

  /**
   * When it happened.
   *
   * @since 0.1
   */
  Instant at();

  /**
   * A person approves; counts toward the quorum when they are a distinct, eligible approver.
   *
   * @since 0.1
   */
  record Approve(UserId by, String comment, Instant at) implements PromotionEvent {}

  /**
   * An approver rejects; ends the promotion.
   *
   * @since 0.1
   */
  record Reject(UserId by, String comment, Instant at) implements PromotionEvent {}

  /**
   * The requester withdraws; ends the promotion.
   *
   * @since 0.1
   */
  record Withdraw(UserId by, String comment, Instant at) implements PromotionEvent {}

  /**
   * An executor claims a promotion whose quorum is met (or takes over a stale claim); the claim's
   * fencing token is the version the claimed promotion is stored at.
   *
   * @since 0.1
   */
  record Claim(String owner, UserId by, Instant at) implements PromotionEvent {}

  /**
   * The executor shows it is alive: its claim's renewal time moves to {@code at}.
   *
   * @since 0.1
   */
  record Renew(UserId by, Instant at) implements PromotionEvent {}

  /**
   * The executor is about to call the deployer. Recorded first, so that a take-over finds an
   * interrupted deploy and never starts a second one under the same claim.
   *
   * @since 0.1
   */
  record Deploying(UserId by, Instant at) implements PromotionEvent {}

  /**
   * The target's new state is written at {@code revision}.
   *
   * @since 0.1
   */
  record Written(Revision revision, UserId by, Instant at) implements PromotionEvent {}

  /**
   * The release exists.
   *
   * @since 0.1
   */
  record Released(Release release, UserId by, Instant at) implements PromotionEvent {}

  /**
   * Execution or a manual deploy ends: the promotion moves to {@code status} (COMPLETED or
   * PENDING_RELEASE) with the release in its new deploy state, and gives up its claim.
   *
   * @since 0.1
   */
  record Finish(PromotionStatus status, Release release, Optional<BreakGlass> breakGlass,
      String reason, UserId by, Instant at) implements PromotionEvent {}

  /**
   * Execution found, before writing, that it may not write what was approved: the claim is
   * dropped and the promotion ends REJECTED with an INVALIDATE decision.
   *
   * @since 0.1
   */
  record Invalidate(String reason, UserId by, Instant at) implements PromotionEvent {}

  /**
   * The pull request that carried a PENDING_RELEASE promotion's write (its release AWAITING_MERGE)
   * was merged, and the write is on the target as {@code landed}: the release, now at
   * {@code landed} and WAITING, is ready for its deploy decision, which the claim (taken in the
   * same compare-and-set) makes next. Recorded in the history as {@code reason}.
   *
   * @since 0.1
   */
  record Merged(Revision landed, String reason, UserId by, Instant at)
      implements PromotionEvent {}

  /**
   * The pull request that carried the promotion's write was closed without merging: nothing
   * reached the target. The claim is dropped and the promotion ends REJECTED with a
   * PULL_REQUEST_CLOSED decision whose comment is {@code reason}.
   *
   * @since 0.1
   */
  record PullRequestClosed(String reason, UserId by, Instant at) implements PromotionEvent {}

  /**
   * Execution failed, or gave the target to another promotion, before anything was written or
   * its deploy started; the claim is dropped for a later retry.
   *
   * @since 0.1
   */
  record Abandon(String reason, UserId by, Instant at) implements PromotionEvent {}
}

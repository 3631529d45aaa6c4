package dev.baton.model;

import dev.baton.error.Arguments;
import java.time.Instant;
import java.util.List;

/**
 * What a promotion's write must say about itself, so history is readable with plain tools
 * ({@code git log}) and a restarted engine can find the write by its promotion id.
 *
 * <p>Immutable and thread-safe: collections are copied when it is built.
 *
 * @param promotion the promotion id (a Git adapter writes it as a {@code Promotion-Id:} trailer)
 * @param title one line, such as "Promote staging to production"
 * @param notes the requester's notes, may be empty
 * @param requestedBy the requester ({@code Requested-by:})
 * @param approvedBy the approvers in order ({@code Approved-by:})
 * @param at when the promotion executed
 * @param rollback whether the promotion was requested as a rollback ({@code Rollback: true})
 * @since 0.1
 */
public record CommitInfo(
    PromotionId promotion, String title, String notes, UserId requestedBy,
    List<UserId> approvedBy, Instant at, boolean rollback) {
  /**
   * Validates and copies.
   *
   * @param promotion the promotion id (a Git adapter writes it as a {@code Promotion-Id:} trailer)
   * @param title one line, such as "Promote staging to production"
   * @param notes the requester's notes, may be empty
   * @param requestedBy the requester ({@code Requested-by:})
   * @param approvedBy the approvers in order ({@code Approved-by:})
   * @param at when the promotion executed
   * @param rollback whether the promotion was requested as a rollback ({@code Rollback: true})
   * @since 0.1
   */
  public CommitInfo {
    Arguments.notNull(promotion, "promotion");
    Checks.id(title, "title");
    notes = Checks.text(notes);
    Arguments.notNull(requestedBy, "requester");
    approvedBy = List.copyOf(Arguments.notNull(approvedBy, "approvers"));
    Arguments.notNull(at, "time");
  }

  /**
   * A write that is not a rollback.
   *
   * @param promotion the promotion the write carries
   * @param title the commit title
   * @param notes the request's notes, may be empty
   * @param requestedBy who requested it
   * @param approvedBy who approved it, in order
   * @param at when it is written
   * @since 0.1
   */
  public CommitInfo(PromotionId promotion, String title, String notes, UserId requestedBy,
      List<UserId> approvedBy, Instant at) {
    this(promotion, title, notes, requestedBy, approvedBy, at, false);
  }
}

package dev.baton.model;

import dev.baton.error.Arguments;
import java.time.Instant;
import java.util.Optional;

/**
 * A recorded change of a promotion's status: the audit trail of who moved it and when.
 *
 * <p>Immutable and thread-safe.
 *
 * @param from the previous status, empty for the creation of the promotion
 * @param to the new status
 * @param by who caused the change
 * @param at when it happened
 * @param reason why, in words (for example "quorum met", "deploy failed: timeout")
 * @since 0.1
 */
public record StatusChange(
    Optional<PromotionStatus> from, PromotionStatus to, UserId by, Instant at, String reason) {
  /**
   * Validates.
   *
   * @param from the previous status, empty for the creation of the promotion
   * @param to the new status
   * @param by who caused the change
   * @param at when it happened
   * @param reason why, in words (for example "quorum met", "deploy failed: timeout")
   * @since 0.1
   */
  public StatusChange {
    Arguments.notNull(from, "previous status");
    Arguments.notNull(to, "new status");
    Arguments.notNull(by, "actor");
    Arguments.notNull(at, "time");
    reason = Checks.text(reason);
  }
}

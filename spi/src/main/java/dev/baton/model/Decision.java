package dev.baton.model;

import dev.baton.error.Arguments;
import java.time.Instant;

/**
 * One person's recorded decision about a promotion.
 *
 * <p>Immutable and thread-safe.
 *
 * @param by who decided
 * @param kind approve, reject or withdraw
 * @param comment free text, empty when none was given
 * @param at when the decision was recorded
 * @since 0.1
 */
public record Decision(UserId by, DecisionKind kind, String comment, Instant at) {
  /**
   * Validates.
   *
   * @param by who decided
   * @param kind approve, reject or withdraw
   * @param comment free text, empty when none was given
   * @param at when the decision was recorded
   * @since 0.1
   */
  public Decision {
    Arguments.notNull(by, "decision author");
    Arguments.notNull(kind, "decision kind");
    comment = Checks.text(comment);
    Arguments.notNull(at, "decision time");
  }
}

package dev.baton.model;

import java.time.Instant;

/**
 * One person's recorded decision about a promotion.
 *
 * @param by who decided
 * @param kind approve, reject or withdraw
 * @param comment free text, empty when none was given
 * @param at when the decision was recorded
 */
public record Decision(UserId by, DecisionKind kind, String comment, Instant at) {
  /** Validates. */
  public Decision {
    Checks.notNull(by, "decision author");
    Checks.notNull(kind, "decision kind");
    comment = Checks.text(comment);
    Checks.notNull(at, "decision time");
  }
}

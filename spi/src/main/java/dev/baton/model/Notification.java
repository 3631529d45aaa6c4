package dev.baton.model;

import dev.baton.error.Arguments;
import java.time.Instant;
import java.util.Set;

/**
 * A message about a promotion for some people. Recorded in the same store change as the state
 * change that caused it and delivered afterwards, at least once; {@link #id()} is stable across
 * redeliveries so a receiver can drop duplicates.
 *
 * <p>Immutable and thread-safe: collections are copied when it is built.
 *
 * @param id stable identity
 * @param kind why it was sent
 * @param promotion the promotion it is about
 * @param project the project
 * @param source the promotion's source environment
 * @param target the promotion's target environment
 * @param recipients the people to tell; empty means "everyone who may approve" when the
 *     authorization port cannot list them
 * @param summary one line for people: what changes and why
 * @param createdAt when it was recorded
 * @since 0.1
 */
public record Notification(
    NotificationId id,
    NotificationKind kind,
    PromotionId promotion,
    ProjectId project,
    EnvironmentName source,
    EnvironmentName target,
    Set<UserId> recipients,
    String summary,
    Instant createdAt) {
  /**
   * Validates and copies.
   *
   * @param id stable identity
   * @param kind why it was sent
   * @param promotion the promotion it is about
   * @param project the project
   * @param source the promotion's source environment
   * @param target the promotion's target environment
   * @param recipients the people to tell; empty means "everyone who may approve" when the
   *     authorization port cannot list them
   * @param summary one line for people: what changes and why
   * @param createdAt when it was recorded
   * @since 0.1
   */
  public Notification {
    Arguments.notNull(id, "notification id");
    Arguments.notNull(kind, "notification kind");
    Arguments.notNull(promotion, "promotion");
    Arguments.notNull(project, "project");
    Arguments.notNull(source, "source");
    Arguments.notNull(target, "target");
    recipients = Set.copyOf(Arguments.notNull(recipients, "recipients"));
    summary = Checks.text(summary);
    Arguments.notNull(createdAt, "creation time");
  }
}

package dev.baton.model;

import dev.baton.error.Arguments;
import java.time.Instant;
import java.util.Optional;

/**
 * A notification in the store's outbox that has not been delivered yet.
 *
 * <p>Immutable and thread-safe.
 *
 * @param notification the message
 * @param attempts failed delivery attempts so far
 * @param nextAttemptAt not to be tried before this instant
 * @param lastError the last failure, if any
 * @since 0.1
 */
public record PendingNotification(
    Notification notification, int attempts, Instant nextAttemptAt, Optional<String> lastError) {
  /**
   * Validates.
   *
   * @param notification the message
   * @param attempts failed delivery attempts so far
   * @param nextAttemptAt not to be tried before this instant
   * @param lastError the last failure, if any
   * @since 0.1
   */
  public PendingNotification {
    Arguments.notNull(notification, "notification");
    Checks.nonNegative(attempts, "attempts");
    Arguments.notNull(nextAttemptAt, "next attempt");
    Arguments.notNull(lastError, "last error");
  }

  /**
   * A notification never tried, due at once.
   *
   * @param notification the new notification
   * @return an entry with no attempts, due at the notification's creation time
   * @since 0.1
   */
  public static PendingNotification fresh(Notification notification) {
    return new PendingNotification(notification, 0, notification.createdAt(), Optional.empty());
  }
}

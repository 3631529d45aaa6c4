package dev.baton.spi;

import dev.baton.model.Notification;

/**
 * Port that delivers notifications (mail, chat, webhook). Delivery is at least once: the same
 * notification id may arrive twice. An exception means "not delivered": the engine retries it
 * later and the promotion goes on regardless. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Notifier {

  /** Delivers the notification, or throws to have it retried. */
  void deliver(Notification notification);
}

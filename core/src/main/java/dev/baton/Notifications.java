package dev.baton;

import dev.baton.internal.engine.OutboxDelivery;

/**
 * The notification outbox. Notifications are stored with the state change that caused them and
 * delivered right after it; one that failed is retried with a growing delay whenever the engine
 * delivers again, so call {@link #deliverDue()} periodically (for example every minute).
 * Thread-safe.
 */
public final class Notifications {
  private final OutboxDelivery delivery;

  Notifications(OutboxDelivery delivery) {
    this.delivery = delivery;
  }

  /** Delivers every notification due now; returns how many were delivered. */
  public int deliverDue() {
    return delivery.deliverDue();
  }
}

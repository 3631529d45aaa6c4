package dev.baton;

import dev.baton.internal.OutboxDelivery;
import dev.baton.internal.Wiring;
import dev.baton.model.PendingNotification;
import java.util.List;

/**
 * The notification outbox. Notifications are stored with the state change that caused them and
 * delivered right after it; one that failed is retried with a growing delay whenever the engine
 * delivers again, so call {@link #deliverDue()} periodically (for example every minute).
 * Thread-safe.
 */
public final class Notifications {
  private final Wiring wiring;
  private final OutboxDelivery delivery;

  Notifications(Wiring wiring, OutboxDelivery delivery) {
    this.wiring = wiring;
    this.delivery = delivery;
  }

  /** Delivers every notification due now; returns how many were delivered. */
  public int deliverDue() {
    return delivery.deliverDue();
  }

  /** Notifications not delivered yet that are due now. */
  public List<PendingNotification> pending() {
    return wiring.promotions().pendingNotifications(wiring.clock().instant(), 1000);
  }
}

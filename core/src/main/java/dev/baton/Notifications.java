package dev.baton;

import dev.baton.internal.engine.OutboxDelivery;

/**
 * The notification outbox. Notifications are stored with the state change that caused them and
 * delivered right after it; one that failed is retried with a growing delay whenever the engine
 * delivers again, so call {@link #deliverDue()} periodically (for example every minute).
 * Thread-safe.
 *
 * <pre>{@code
 * scheduler.scheduleWithFixedDelay(baton.notifications()::deliverDue, 1, 1, TimeUnit.MINUTES);
 * }</pre>
 *
 * <p>Delivery is at least once: a receiver may see the same notification id twice. Several engines
 * sharing a store may deliver at once; the store's delivery claim lets one of them call the
 * notifier for each notification.
 *
 * @since 0.1
 */
public final class Notifications {
  private final OutboxDelivery delivery;

  Notifications(OutboxDelivery delivery) {
    this.delivery = delivery;
  }

  /**
   * Delivers every notification due now; returns how many were delivered.
   *
   * <p>One pass runs at a time per engine: a call waits for a pass already running. Each notifier
   * call has the notification timeout; a failure or time-out counts the attempt and schedules the
   * retry, and the pass goes on with the rest. It does not throw for a failing notifier.
   *
   * @return how many notifications the notifier accepted in this pass
   * @throws dev.baton.error.BatonException a failure of the promotion store
   * @since 0.1
   */
  public int deliverDue() {
    return delivery.deliverDue();
  }
}

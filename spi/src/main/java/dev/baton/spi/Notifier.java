package dev.baton.spi;

import dev.baton.model.Notification;

/**
 * Port that delivers notifications (mail, chat, webhook). Delivery is at least once: the same
 * notification id may arrive twice. An exception means "not delivered": the engine retries it
 * later and the promotion goes on regardless. Implementations must be thread-safe.
 *
 * <h2>When it is called</h2>
 * Notifications are stored in the promotion store's outbox in the same atomic step as the change
 * that causes them: a request tells those who may approve, and an approval that executes, a
 * rejection, a completion, a release left pending, a closed pull request and a promotion closed
 * because it can no longer be executed as approved tell the requester; a withdrawal tells those
 * who had approved. The engine delivers the outbox right after
 * each change it stores, and on {@code Notifications.deliverDue()}. Each call runs on one of the
 * engine's daemon threads under the notification timeout (5 seconds by default); a call that
 * takes longer is interrupted and counts as failed. Calls come one at a time from one engine, but
 * several engines sharing a store, and a timed-out call that ignores its interrupt, may overlap.
 *
 * <h2>Retries and order</h2>
 * A failed notification is retried with a growing delay (2, 4, 8 ... seconds, at most one hour),
 * for ever; the attempt count and last error are kept in the outbox. Notifications go out oldest
 * first, but a retried one arrives after newer ones. A duplicate (a call that timed out yet
 * arrived, a store without exclusive delivery) carries the same {@link Notification#id()}, so a
 * receiver that cares can drop it. {@code NotifierContract} in {@code baton-testkit} checks that
 * every kind, an empty recipient set and a redelivery are accepted.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface Notifier {

  /**
   * Delivers the notification, or throws to have it retried.
   *
   * <p>Returning means delivered: the notification leaves the outbox. It may block (for at most
   * the notification timeout) and use the network.
   *
   * @param notification what to tell whom; an empty recipient set means everyone who may approve,
   *     when the {@link Authorizer} cannot list them
   * @throws RuntimeException any, to mean "not delivered, try again later"
   * @since 0.1
   */
  void deliver(Notification notification);

  /**
   * Tells nobody: for engines where nobody is to be told. Set it to say so; an engine left at
   * the builder's default notifier warns instead.
   *
   * @return a stateless, thread-safe notifier that delivers every notification to nobody
   * @since 0.1
   */
  static Notifier none() {
    return notification -> { };
  }
}

package dev.baton.spi;

import dev.baton.model.CasResult;
import dev.baton.model.EnvironmentName;
import dev.baton.model.InsertResult;
import dev.baton.model.Notification;
import dev.baton.model.NotificationId;
import dev.baton.model.Page;
import dev.baton.model.PendingNotification;
import dev.baton.model.ProjectId;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionQuery;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Storage port for promotions (with their releases), the per-target execution claim, and the
 * notification outbox.
 *
 * <p>The store decides nothing: it never checks a quorum or a status. It offers narrow atomic
 * primitives, and the engine builds exactly-once execution on them: every change is a
 * compare-and-set on the promotion's version, and the notifications a change causes are stored in
 * the same atomic step. Implementations must be thread-safe; when several engine instances share
 * a store, the primitives must be atomic across them. Run {@code PromotionStoreContract} from
 * {@code baton-testkit} against an implementation.
 */
public interface PromotionStore {

  /**
   * Stores a new promotion (version 1) and its notifications atomically. Refuses an id that
   * exists, or an idempotency key that exists in the same project.
   */
  InsertResult insert(Promotion promotion, List<Notification> notifications);

  /** The promotion with this id. */
  Optional<Promotion> find(PromotionId id);

  /** The promotion of a project that was requested with this idempotency key. */
  Optional<Promotion> findByIdempotencyKey(ProjectId project, String key);

  /**
   * Replaces the stored promotion with {@code next} if, and only if, its stored version is
   * {@code expectedVersion}; {@code next.version()} is {@code expectedVersion + 1}. The
   * notifications are stored in the same atomic step, or not at all.
   */
  CasResult compareAndSet(long expectedVersion, Promotion next, List<Notification> notifications);

  /** Promotions matching the query, newest first (request time, then id, both descending). */
  Page<Promotion> query(PromotionQuery query);

  /** The promotion that holds the execution claim on a target environment, if any. */
  Optional<PromotionId> targetClaim(ProjectId project, EnvironmentName target);

  /**
   * Sets the execution claim on a target environment to {@code next} if, and only if, it is
   * currently {@code expected} (empty meaning unclaimed). Returns whether it was set.
   */
  boolean compareAndSetTargetClaim(ProjectId project, EnvironmentName target,
      Optional<PromotionId> expected, Optional<PromotionId> next);

  /**
   * Undelivered notifications due at {@code now} (their next attempt is at or before it), oldest
   * first by creation time, at most {@code limit}. Notifications created at the same instant may
   * come in any order. Notification ids are unique; storing an id that is already in the outbox
   * is a caller's error that a store may refuse with INVALID_ARGUMENT.
   */
  List<PendingNotification> pendingNotifications(Instant now, int limit);

  /**
   * Takes the delivery of a notification until {@code until}, atomically: it succeeds only if the
   * notification is still in the outbox and due at {@code now}, and makes it not due before
   * {@code until}, so of several engines (or processes) that read it as due, one calls the
   * notifier and the others skip it. A deliverer that dies holding it leaves it due again at
   * {@code until}. The default takes every delivery (at-least-once delivery with concurrent
   * deliverers); {@code PromotionStoreContract} checks stores that override it.
   *
   * @return whether this caller took the delivery
   */
  default boolean takeDelivery(NotificationId id, Instant now, Instant until) {
    return true;
  }

  /** Removes a delivered notification from the outbox. Unknown ids are ignored. */
  void markDelivered(NotificationId id);

  /** Records a failed delivery attempt; the notification is due again at {@code retryAt}. */
  void markFailed(NotificationId id, String error, Instant retryAt);
}

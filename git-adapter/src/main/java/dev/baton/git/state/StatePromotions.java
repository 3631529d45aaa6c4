package dev.baton.git.state;

import dev.baton.error.Arguments;
import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.git.state.internal.StateLayout;
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
import dev.baton.spi.PromotionStore;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link PromotionStore} port of {@link GitStateStore}: promotions with their idempotency
 * keys, execution claims and the notification outbox, each change one commit on the state ref
 * whose compare-and-set decides races. Thread-safe (the state ref serialises calls).
 */
final class StatePromotions implements PromotionStore {
  private final StateRef stateRef;

  StatePromotions(StateRef stateRef) {
    this.stateRef = stateRef;
  }

  @Override
  public InsertResult insert(Promotion promotion, List<Notification> notifications) {
    Arguments.notNull(promotion, "promotion");
    List<Notification> outgoing = checkedNotifications(notifications);
    if (promotion.version() != 1) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT,
          "a new promotion has version 1, not " + promotion.version());
    }
    byte[] json = StateChange.document(promotion);
    return stateRef.mutate(state -> {
      if (state.promotion(promotion.id()).isPresent()) {
        return StateChange.answer(InsertResult.DUPLICATE_ID);
      }
      Optional<String> key = promotion.idempotencyKey();
      if (key.isPresent() && state.promotionByKey(promotion.project(), key.get()).isPresent()) {
        return StateChange.answer(InsertResult.DUPLICATE_KEY);
      }
      StateChange<InsertResult> change = StateChange.commit(InsertResult.INSERTED, "promotion "
          + promotion.id() + " v1: " + promotion.status())
          .put(StateLayout.promotionPath(promotion.id()), json, promotion);
      key.ifPresent(k -> change.put(StateLayout.keyPath(promotion.project(), k),
          StateLayout.idFile(promotion.id()), null));
      return addNotifications(state, change, outgoing);
    });
  }

  @Override
  public Optional<Promotion> find(PromotionId id) {
    Arguments.notNull(id, "promotion id");
    return stateRef.read(state -> state.promotion(id));
  }

  @Override
  public Optional<Promotion> findByIdempotencyKey(ProjectId project, String key) {
    Arguments.notNull(project, "project");
    Arguments.notNull(key, "idempotency key");
    return stateRef.read(state -> state.promotionByKey(project, key));
  }

  @Override
  public CasResult compareAndSet(long expectedVersion, Promotion next,
      List<Notification> notifications) {
    Arguments.notNull(next, "promotion");
    List<Notification> outgoing = checkedNotifications(notifications);
    if (next.version() != expectedVersion + 1) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, "the next version of promotion "
          + next.id() + " must be " + (expectedVersion + 1) + ", was " + next.version());
    }
    byte[] json = StateChange.document(next);
    return stateRef.mutate(state -> {
      Optional<Promotion> stored = state.promotion(next.id());
      if (stored.isEmpty()) {
        return StateChange.answer(CasResult.NOT_FOUND);
      }
      Promotion current = stored.get();
      if (current.version() != expectedVersion) {
        return StateChange.answer(CasResult.VERSION_MISMATCH);
      }
      if (!current.project().equals(next.project())
          || !current.idempotencyKey().equals(next.idempotencyKey())) {
        throw new BatonException(ErrorCode.INVALID_ARGUMENT, "promotion " + next.id()
            + " cannot change its project or idempotency key");
      }
      StateChange<CasResult> change = StateChange.commit(CasResult.APPLIED,
          "promotion " + next.id() + " v" + next.version() + ": " + next.status())
          .put(StateLayout.promotionPath(next.id()), json, next);
      return addNotifications(state, change, outgoing);
    });
  }

  @Override
  public Page<Promotion> query(PromotionQuery query) {
    Arguments.notNull(query, "query");
    return stateRef.read(state -> state.query(query));
  }

  @Override
  public List<PromotionId> findIdsByPrefix(String prefix, int limit) {
    PromotionStore.checkIdPrefix(prefix, limit);
    return stateRef.read(state -> state.idsByPrefix(prefix, limit));
  }

  @Override
  public Optional<PromotionId> targetClaim(ProjectId project, EnvironmentName target) {
    Arguments.notNull(project, "project");
    Arguments.notNull(target, "target");
    return stateRef.read(state -> state.claim(project, target));
  }

  @Override
  public boolean compareAndSetTargetClaim(ProjectId project, EnvironmentName target,
      Optional<PromotionId> expected, Optional<PromotionId> next) {
    Arguments.notNull(project, "project");
    Arguments.notNull(target, "target");
    Arguments.notNull(expected, "expected claim");
    Arguments.notNull(next, "next claim");
    String where = project + "/" + target;
    return stateRef.mutate(state -> {
      Optional<PromotionId> current = state.claim(project, target);
      if (!current.equals(expected)) {
        return StateChange.answer(false);
      }
      if (current.equals(next)) {
        return StateChange.answer(true);
      }
      String path = StateLayout.claimPath(project, target);
      if (next.isPresent()) {
        return StateChange.commit(true, "claim " + where + ": " + next.get())
            .put(path, StateLayout.idFile(next.get()), next.get());
      }
      return StateChange.commit(true, "release claim " + where + " (was " + current.get() + ")")
          .delete(path);
    });
  }

  @Override
  public List<PendingNotification> pendingNotifications(Instant now, int limit) {
    Arguments.notNull(now, "now");
    if (limit < 0) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, "limit must be >= 0, was " + limit);
    }
    return limit == 0 ? List.of() : stateRef.read(state -> state.due(now, limit));
  }

  @Override
  public void markDelivered(NotificationId id) {
    Arguments.notNull(id, "notification id");
    stateRef.mutate(state -> state.pending(id).isEmpty()
        ? StateChange.answer(null)
        : StateChange.commit(null, "outbox: delivered " + id).delete(StateLayout.outboxPath(id)));
  }

  @Override
  public boolean takeDelivery(NotificationId id, Instant now, Instant until) {
    Arguments.notNull(id, "notification id");
    Arguments.notNull(now, "now");
    Arguments.notNull(until, "until");
    return stateRef.mutate(state -> {
      Optional<PendingNotification> pending = state.pending(id);
      if (pending.isEmpty() || pending.get().nextAttemptAt().isAfter(now)) {
        return StateChange.answer(false);
      }
      PendingNotification old = pending.get();
      PendingNotification taken = new PendingNotification(old.notification(), old.attempts(),
          until, old.lastError());
      return StateChange.commit(true, "outbox: delivering " + id + " until " + until)
          .put(StateLayout.outboxPath(id), StateChange.document(taken), taken);
    });
  }

  @Override
  public void markFailed(NotificationId id, String error, Instant retryAt) {
    Arguments.notNull(id, "notification id");
    Arguments.notNull(retryAt, "retry time");
    stateRef.mutate(state -> {
      Optional<PendingNotification> pending = state.pending(id);
      if (pending.isEmpty()) {
        return StateChange.answer(null);
      }
      PendingNotification old = pending.get();
      PendingNotification failed = new PendingNotification(old.notification(),
          old.attempts() + 1, retryAt, Optional.ofNullable(error));
      return StateChange.commit(null, "outbox: " + id + " failed (attempt " + failed.attempts()
          + "), retry at " + retryAt)
          .put(StateLayout.outboxPath(id), StateChange.document(failed), failed);
    });
  }


  // ---- helpers ---------------------------------------------------------------------------

  private static <R> StateChange<R> addNotifications(StateIndex state, StateChange<R> change,
      List<Notification> list) {
    for (Notification n : list) {
      if (state.pending(n.id()).isPresent()) {
        throw new BatonException(ErrorCode.INVALID_ARGUMENT,
            "notification " + n.id() + " is already in the outbox");
      }
      PendingNotification pending = PendingNotification.fresh(n);
      change.put(StateLayout.outboxPath(n.id()), StateChange.document(pending), pending);
    }
    if (!list.isEmpty()) {
      change.appendToMessage("Notifications: " + String.join(", ",
          list.stream().map(n -> n.id() + " (" + n.kind() + ")").toList()));
    }
    return change;
  }

  private static List<Notification> checkedNotifications(List<Notification> notifications) {
    List<Notification> list = List.copyOf(Arguments.notNull(notifications, "notifications"));
    Set<NotificationId> ids = new HashSet<>();
    for (Notification n : list) {
      if (!ids.add(n.id())) {
        throw new BatonException(ErrorCode.INVALID_ARGUMENT,
            "notification " + n.id() + " is listed twice");
      }
    }
    return list;
  }
}

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
import dev.baton.model.Release;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A promotion store that forwards every call, default methods included, to another one: the base
 * of a decorator (metrics, tracing) or of a test that overrides a method to inject a fault (a crash
 * before or after a write, a lost update) into an otherwise real store. It answers
 * {@code false} to {@link #takesDueInBatches} whatever the delegate answers, so the engine reads
 * and takes the outbox through {@link #pendingNotifications} and {@link #takeDelivery}, which a
 * decorator written before batches may override; one that knows batches overrides
 * {@code takesDueInBatches} to answer the delegate's, and the engine then takes through
 * {@link #takeDueNotifications} and {@link #releaseDelivery}, forwarded here. Thread-safe when
 * the delegate is and the overrides are.
 *
 * @since 0.1
 */
public abstract class ForwardingPromotionStore implements PromotionStore {
  private final PromotionStore delegate;

  /**
   * Forwards to {@code delegate}.
   *
   * @since 0.1
   */
  protected ForwardingPromotionStore(PromotionStore delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /**
   * The store calls are forwarded to.
   *
   * @since 0.1
   */
  protected PromotionStore delegate() {
    return delegate;
  }

  @Override
  public InsertResult insert(Promotion promotion, List<Notification> notifications) {
    return delegate.insert(promotion, notifications);
  }

  @Override
  public Optional<Promotion> find(PromotionId id) {
    return delegate.find(id);
  }

  @Override
  public Optional<Promotion> findByIdempotencyKey(ProjectId project, String key) {
    return delegate.findByIdempotencyKey(project, key);
  }

  @Override
  public CasResult compareAndSet(long expectedVersion, Promotion next,
      List<Notification> notifications) {
    return delegate.compareAndSet(expectedVersion, next, notifications);
  }

  @Override
  public Page<Promotion> query(PromotionQuery query) {
    return delegate.query(query);
  }

  @Override
  public List<PromotionId> findIdsByPrefix(String prefix, int limit) {
    return delegate.findIdsByPrefix(prefix, limit);
  }

  @Override
  public Optional<Release> lastRelease(ProjectId project, EnvironmentName target) {
    return delegate.lastRelease(project, target);
  }

  @Override
  public Optional<PromotionId> targetClaim(ProjectId project, EnvironmentName target) {
    return delegate.targetClaim(project, target);
  }

  @Override
  public boolean compareAndSetTargetClaim(ProjectId project, EnvironmentName target,
      Optional<PromotionId> expected, Optional<PromotionId> next) {
    return delegate.compareAndSetTargetClaim(project, target, expected, next);
  }

  @Override
  public List<PendingNotification> pendingNotifications(Instant now, int limit) {
    return delegate.pendingNotifications(now, limit);
  }

  @Override
  public boolean takeDelivery(NotificationId id, Instant now, Instant until) {
    return delegate.takeDelivery(id, now, until);
  }

  /**
   * {@code false}, whatever the delegate answers: a decorator that overrides
   * {@link #pendingNotifications} or {@link #takeDelivery} keeps seeing the engine's reads and
   * takes. A decorator that knows batches overrides this to answer the delegate's.
   */
  @Override
  public boolean takesDueInBatches() {
    return false;
  }

  @Override
  public List<PendingNotification> takeDueNotifications(Instant now, Instant until, int limit) {
    return delegate.takeDueNotifications(now, until, limit);
  }

  @Override
  public void releaseDelivery(PendingNotification pending, Instant until) {
    delegate.releaseDelivery(pending, until);
  }

  @Override
  public void markDelivered(NotificationId id) {
    delegate.markDelivered(id);
  }

  @Override
  public void markFailed(NotificationId id, String error, Instant retryAt) {
    delegate.markFailed(id, error, retryAt);
  }
}

package dev.baton.memory;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.baton.testkit.PromotionStoreContract;
import dev.baton.testkit.SamplePromotions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The contract run on a store that keeps {@link PromotionStore#findIdsByPrefix}'s default (what
 * a vendor's store written before it does): the default pages through {@code query}, across
 * several pages.
 */
class DefaultIdPrefixQueryTest extends PromotionStoreContract {

  @Override
  protected PromotionStore newStore() {
    return new DefaultsOnly(new InMemoryPromotionStore());
  }

  @Test
  void theDefaultPagesThroughMoreThanOnePage() {
    for (int i = 0; i < 2500; i++) {
      store().insert(SamplePromotions.promotion(String.format("d-%04d", i)), List.of());
    }

    assertThat(store().findIdsByPrefix("d-", 2))
        .containsExactly(PromotionId.of("d-0000"), PromotionId.of("d-0001"));
    assertThat(store().findIdsByPrefix("d-249", 1000)).hasSize(10);
    assertThat(store().findIdsByPrefix("d-2499", 2)).containsExactly(PromotionId.of("d-2499"));
  }

  /** Implements the port's abstract methods only, each by the in-memory store. */
  private static final class DefaultsOnly implements PromotionStore {
    private final PromotionStore real;

    DefaultsOnly(PromotionStore real) {
      this.real = real;
    }

    @Override
    public InsertResult insert(Promotion promotion, List<Notification> notifications) {
      return real.insert(promotion, notifications);
    }

    @Override
    public Optional<Promotion> find(PromotionId id) {
      return real.find(id);
    }

    @Override
    public Optional<Promotion> findByIdempotencyKey(ProjectId project, String key) {
      return real.findByIdempotencyKey(project, key);
    }

    @Override
    public CasResult compareAndSet(long expectedVersion, Promotion next,
        List<Notification> notifications) {
      return real.compareAndSet(expectedVersion, next, notifications);
    }

    @Override
    public Page<Promotion> query(PromotionQuery query) {
      return real.query(query);
    }

    @Override
    public Optional<PromotionId> targetClaim(ProjectId project, EnvironmentName target) {
      return real.targetClaim(project, target);
    }

    @Override
    public boolean compareAndSetTargetClaim(ProjectId project, EnvironmentName target,
        Optional<PromotionId> expected, Optional<PromotionId> next) {
      return real.compareAndSetTargetClaim(project, target, expected, next);
    }

    @Override
    public List<PendingNotification> pendingNotifications(Instant now, int limit) {
      return real.pendingNotifications(now, limit);
    }

    @Override
    public boolean takeDelivery(NotificationId id, Instant now, Instant until) {
      return real.takeDelivery(id, now, until);
    }

    @Override
    public void markDelivered(NotificationId id) {
      real.markDelivered(id);
    }

    @Override
    public void markFailed(NotificationId id, String error, Instant retryAt) {
      real.markFailed(id, error, retryAt);
    }
  }
}

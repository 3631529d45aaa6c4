package dev.baton.testkit;

import static dev.baton.testkit.SamplePromotions.OTHER_PROJECT;
import static dev.baton.testkit.SamplePromotions.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.model.CasResult;
import dev.baton.model.Notification;
import dev.baton.model.NotificationId;
import dev.baton.model.PendingNotification;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionStatus;
import dev.baton.spi.PromotionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The part of {@link PromotionStoreContract} on the outbox: notifications stored with the change
 * that caused them, due times, order, takes one at a time and in batches (racing deliverers
 * included), deliveries given back. Not API: extend {@link PromotionStoreContract}.
 */
abstract class PromotionOutboxChecks extends PromotionInsertChecks {
  // ------------------------------------------------------------------------------------ outbox

  /**
   * The notifications of an insert are stored with it, each as a fresh outbox entry.
   *
   * @since 0.1
   */
  @Test
  public void insertStoresItsNotifications() {
    Promotion p = SamplePromotions.promotion("p-1");
    Notification a = SamplePromotions.notification("n-1", p, T0);
    Notification b = SamplePromotions.notification("n-2", p, T0.plusSeconds(1));

    store().insert(p, List.of(a, b));

    assertThat(store().pendingNotifications(FAR_FUTURE, 100))
        .containsExactly(PendingNotification.fresh(a), PendingNotification.fresh(b));
  }

  /**
   * The notifications of an applied compare-and-set are stored with it.
   *
   * @since 0.1
   */
  @Test
  public void appliedCompareAndSetStoresItsNotifications() {
    Promotion v1 = SamplePromotions.promotion("p-1");
    store().insert(v1, List.of());
    Notification n = SamplePromotions.notification("n-1", v1, T0);

    store().compareAndSet(1, SamplePromotions.next(v1, PromotionStatus.REJECTED), List.of(n));

    assertThat(store().pendingNotifications(FAR_FUTURE, 100))
        .containsExactly(PendingNotification.fresh(n));
  }

  /**
   * A lost compare-and-set stores none of its notifications.
   *
   * @since 0.1
   */
  @Test
  public void lostCompareAndSetStoresNoNotification() {
    Promotion v1 = SamplePromotions.promotion("p-1");
    store().insert(v1, List.of());
    store().compareAndSet(1, SamplePromotions.next(v1, "winner"), List.of());
    Notification n = SamplePromotions.notification("n-1", v1, T0);

    assertThat(store().compareAndSet(1, SamplePromotions.next(v1, "loser"), List.of(n)))
        .isEqualTo(CasResult.VERSION_MISMATCH);

    assertThat(store().pendingNotifications(FAR_FUTURE, 100)).isEmpty();
  }

  /**
   * A notification is due from its creation time on (inclusive), not before.
   *
   * @since 0.1
   */
  @Test
  public void notificationIsDueFromItsCreationTime() {
    Promotion p = SamplePromotions.promotion("p-1");
    Instant created = T0.plus(Duration.ofMinutes(10));
    Notification n = SamplePromotions.notification("n-1", p, created);
    store().insert(p, List.of(n));

    assertThat(store().pendingNotifications(created.minusSeconds(1), 100)).isEmpty();
    assertThat(store().pendingNotifications(created, 100)).extracting(e -> e.notification().id())
        .containsExactly(n.id());
  }

  /**
   * Due notifications come oldest first, at most {@code limit} of them, across projects.
   *
   * @since 0.1
   */
  @Test
  public void pendingNotificationsComeOldestFirstUpToTheLimit() {
    Promotion mine = SamplePromotions.promotion("p-1");
    Promotion theirs = SamplePromotions.promotion("p-2", OTHER_PROJECT, T0);
    store().insert(mine, List.of(
        SamplePromotions.notification("n-c", mine, T0.plusSeconds(30)),
        SamplePromotions.notification("n-a", mine, T0.plusSeconds(10))));
    store().insert(theirs, List.of(
        SamplePromotions.notification("n-d", theirs, T0.plusSeconds(40)),
        SamplePromotions.notification("n-b", theirs, T0.plusSeconds(20))));

    assertThat(ids(store().pendingNotifications(FAR_FUTURE, 100)))
        .containsExactly("n-a", "n-b", "n-c", "n-d");
    assertThat(ids(store().pendingNotifications(FAR_FUTURE, 2))).containsExactly("n-a", "n-b");
    assertThat(ids(store().pendingNotifications(T0.plusSeconds(25), 100)))
        .containsExactly("n-a", "n-b");
  }

  /**
   * Reading the outbox does not consume it: delivery is at least once.
   *
   * @since 0.1
   */
  @Test
  public void readingTheOutboxDoesNotConsumeIt() {
    Promotion p = SamplePromotions.promotion("p-1");
    store().insert(p, List.of(SamplePromotions.notification("n-1", p, T0)));

    assertThat(store().pendingNotifications(FAR_FUTURE, 100)).hasSize(1);
    assertThat(store().pendingNotifications(FAR_FUTURE, 100)).hasSize(1);
  }

  /**
   * A delivered notification leaves the outbox; unknown ids are ignored.
   *
   * @since 0.1
   */
  @Test
  public void markDeliveredRemovesFromTheOutbox() {
    Promotion p = SamplePromotions.promotion("p-1");
    store().insert(p, List.of(SamplePromotions.notification("n-1", p, T0),
        SamplePromotions.notification("n-2", p, T0)));

    store().markDelivered(NotificationId.of("n-1"));
    store().markDelivered(NotificationId.of("never-stored"));

    assertThat(ids(store().pendingNotifications(FAR_FUTURE, 100))).containsExactly("n-2");
  }

  /**
   * A failed attempt is counted, its error kept, and the retry waits until its time.
   *
   * @since 0.1
   */
  @Test
  public void markFailedCountsTheAttemptAndDelaysTheRetry() {
    Promotion p = SamplePromotions.promotion("p-1");
    Notification n = SamplePromotions.notification("n-1", p, T0);
    store().insert(p, List.of(n));
    Instant retryAt = T0.plus(Duration.ofMinutes(5));

    store().markFailed(n.id(), "smtp down", retryAt);

    assertThat(store().pendingNotifications(retryAt.minusSeconds(1), 100)).isEmpty();
    assertThat(store().pendingNotifications(retryAt, 100))
        .containsExactly(new PendingNotification(n, 1, retryAt, Optional.of("smtp down")));

    Instant later = retryAt.plus(Duration.ofMinutes(10));
    store().markFailed(n.id(), "still down", later);

    assertThat(store().pendingNotifications(later.minusSeconds(1), 100)).isEmpty();
    assertThat(store().pendingNotifications(later, 100))
        .containsExactly(new PendingNotification(n, 2, later, Optional.of("still down")));
  }

  /**
   * Taking a delivery makes the notification not due until the time given, so one deliverer of
   * several calls the notifier; taken again once that time has come; never for an unknown id.
   *
   * @since 0.1
   */
  @Test
  public void takeDeliveryLetsOneDelivererCallTheNotifier() {
    Promotion p = SamplePromotions.promotion("p-1");
    Notification n = SamplePromotions.notification("n-1", p, T0);
    store().insert(p, List.of(n));
    Instant now = T0.plusSeconds(1);
    Instant until = now.plus(Duration.ofMinutes(1));

    assertThat(store().takeDelivery(n.id(), now, until)).isTrue();
    assertThat(store().takeDelivery(n.id(), now, until)).as("taken twice").isFalse();
    assertThat(store().pendingNotifications(until.minusSeconds(1), 100)).isEmpty();
    assertThat(store().pendingNotifications(until, 100))
        .containsExactly(new PendingNotification(n, 0, until, Optional.empty()));
    assertThat(store().takeDelivery(n.id(), until, until.plusSeconds(60)))
        .as("due again once the holder's time ran out").isTrue();
    assertThat(store().takeDelivery(NotificationId.of("never-stored"), now, until)).isFalse();
  }

  /**
   * Deliverers racing for one notification: exactly one takes it.
   *
   * @since 0.1
   */
  @Test
  public void deliverersRacingForANotificationTakeItOnce() throws Exception {
    Promotion p = SamplePromotions.promotion("p-1");
    Notification n = SamplePromotions.notification("n-1", p, T0);
    store().insert(p, List.of(n));
    Instant now = T0.plusSeconds(1);
    int racers = 4;
    CyclicBarrier start = new CyclicBarrier(racers);
    ExecutorService pool = Executors.newFixedThreadPool(racers);
    try {
      List<Future<Boolean>> took = new ArrayList<>();
      for (int i = 0; i < racers; i++) {
        took.add(pool.submit(() -> {
          start.await();
          return store().takeDelivery(n.id(), now, now.plusSeconds(60));
        }));
      }
      long winners = 0;
      for (var f : took) {
        winners += f.get() ? 1 : 0;
      }
      assertThat(winners).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Taking due notifications in a batch answers the oldest due ones, at most the limit, as they
   * were before the take, and makes them not due until the time given; notifications not yet due
   * are left alone, and a taken one is due again, its attempt count unchanged, once that time has
   * come.
   *
   * @since 0.1
   */
  @Test
  public void takeDueNotificationsTakesTheOldestDueOnes() {
    Promotion p = SamplePromotions.promotion("p-1");
    Notification first = SamplePromotions.notification("n-1", p, T0);
    Notification second = SamplePromotions.notification("n-2", p, T0.plusSeconds(1));
    Notification third = SamplePromotions.notification("n-3", p, T0.plusSeconds(2));
    Notification later = SamplePromotions.notification("n-4", p, T0.plus(Duration.ofMinutes(10)));
    store().insert(p, List.of(first, second, third, later));
    Instant failedUntil = T0.plusSeconds(30);
    store().markFailed(third.id(), "smtp down", failedUntil);
    Instant now = T0.plus(Duration.ofMinutes(1));
    Instant until = now.plus(Duration.ofHours(1));

    assertThat(store().takeDueNotifications(now, until, 0)).isEmpty();
    assertThat(store().takeDueNotifications(now, until, 1))
        .containsExactly(PendingNotification.fresh(first));
    assertThat(store().takeDueNotifications(now, until, 10)).containsExactly(
        PendingNotification.fresh(second),
        new PendingNotification(third, 1, failedUntil, Optional.of("smtp down")));
    assertThat(store().takeDueNotifications(now, until, 10)).as("taken twice").isEmpty();
    assertThat(store().takeDelivery(first.id(), now, until)).as("taken twice").isFalse();

    assertThat(ids(store().pendingNotifications(until.minusSeconds(1), 100)))
        .containsExactly("n-4");
    assertThat(store().pendingNotifications(until, 100)).containsExactly(
        new PendingNotification(first, 0, until, Optional.empty()),
        new PendingNotification(second, 0, until, Optional.empty()),
        new PendingNotification(third, 1, until, Optional.of("smtp down")),
        PendingNotification.fresh(later));
  }

  /**
   * A notification taken in a batch and then delivered leaves the outbox; one taken and failed
   * is due at its retry time with the attempt counted.
   *
   * @since 0.1
   */
  @Test
  public void notificationsTakenInABatchAreMarkedAsOneAtATime() {
    Promotion p = SamplePromotions.promotion("p-1");
    Notification first = SamplePromotions.notification("n-1", p, T0);
    Notification second = SamplePromotions.notification("n-2", p, T0.plusSeconds(1));
    store().insert(p, List.of(first, second));
    Instant now = T0.plus(Duration.ofMinutes(1));
    Instant until = now.plus(Duration.ofHours(1));
    Instant retryAt = now.plus(Duration.ofMinutes(5));

    assertThat(ids(store().takeDueNotifications(now, until, 10))).containsExactly("n-1", "n-2");
    store().markDelivered(first.id());
    store().markFailed(second.id(), "smtp down", retryAt);

    assertThat(store().pendingNotifications(FAR_FUTURE, 100)).containsExactly(
        new PendingNotification(second, 1, retryAt, Optional.of("smtp down")));
    assertThat(ids(store().takeDueNotifications(retryAt, retryAt.plusSeconds(60), 10)))
        .containsExactly("n-2");
  }

  /**
   * A delivery taken in a batch and given back is due again: at once, as it was before the
   * take, for a store that {@link PromotionStore#takesDueInBatches takes in batches}; when the
   * hold ends at the latest for any store. A give-back after the notification was marked
   * changes nothing.
   *
   * @since 0.1
   */
  @Test
  public void aDeliveryGivenBackIsDueAgain() {
    Promotion p = SamplePromotions.promotion("p-1");
    Notification first = SamplePromotions.notification("n-1", p, T0);
    Notification second = SamplePromotions.notification("n-2", p, T0.plusSeconds(1));
    Notification third = SamplePromotions.notification("n-3", p, T0.plusSeconds(2));
    store().insert(p, List.of(first, second, third));
    Instant now = T0.plus(Duration.ofMinutes(1));
    Instant until = now.plus(Duration.ofHours(1));
    Instant retryAt = until.plus(Duration.ofHours(1));

    List<PendingNotification> taken = store().takeDueNotifications(now, until, 10);
    assertThat(ids(taken)).containsExactly("n-1", "n-2", "n-3");
    store().releaseDelivery(taken.get(0), until);
    store().markDelivered(second.id());
    store().releaseDelivery(taken.get(1), until);
    store().markFailed(third.id(), "smtp down", retryAt);
    store().releaseDelivery(taken.get(2), until);

    if (store().takesDueInBatches()) {
      assertThat(store().pendingNotifications(now, 100))
          .containsExactly(PendingNotification.fresh(first));
    }
    assertThat(store().pendingNotifications(until, 100)).extracting(e -> e.notification().id())
        .containsExactly(first.id());
    assertThat(store().pendingNotifications(retryAt, 100)).contains(
        new PendingNotification(third, 1, retryAt, Optional.of("smtp down")));
  }

  /**
   * Deliverers taking batches at once: every due notification is taken exactly once.
   *
   * @since 0.1
   */
  @Test
  public void deliverersTakingBatchesAtOnceTakeEachNotificationOnce() throws Exception {
    Promotion p = SamplePromotions.promotion("p-1");
    List<Notification> stored = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      stored.add(SamplePromotions.notification("n-" + i, p, T0.plusMillis(i)));
    }
    store().insert(p, stored);
    Instant now = T0.plus(Duration.ofMinutes(1));
    Instant until = now.plus(Duration.ofHours(1));
    int racers = 4;
    CyclicBarrier start = new CyclicBarrier(racers);
    ExecutorService pool = Executors.newFixedThreadPool(racers);
    try {
      List<Future<List<String>>> took = new ArrayList<>();
      for (int i = 0; i < racers; i++) {
        took.add(pool.submit(() -> {
          start.await();
          List<String> mine = new ArrayList<>();
          while (true) {
            List<PendingNotification> batch = store().takeDueNotifications(now, until, 3);
            mine.addAll(ids(batch));
            if (batch.isEmpty() && store().pendingNotifications(now, 1).isEmpty()) {
              return mine;
            }
          }
        }));
      }
      List<String> all = new ArrayList<>();
      for (var f : took) {
        all.addAll(f.get());
      }
      assertThat(all).hasSize(stored.size())
          .containsExactlyInAnyOrderElementsOf(stored.stream().map(n -> n.id().value()).toList());
    } finally {
      pool.shutdownNow();
    }
  }

}

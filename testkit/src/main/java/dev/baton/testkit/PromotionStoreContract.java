package dev.baton.testkit;

import static dev.baton.testkit.SamplePromotions.ALICE;
import static dev.baton.testkit.SamplePromotions.BOB;
import static dev.baton.testkit.SamplePromotions.OTHER_PROJECT;
import static dev.baton.testkit.SamplePromotions.PRODUCTION;
import static dev.baton.testkit.SamplePromotions.PROJECT;
import static dev.baton.testkit.SamplePromotions.STAGING;
import static dev.baton.testkit.SamplePromotions.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.model.CasResult;
import dev.baton.model.DeployState;
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
import dev.baton.model.PromotionStatus;
import dev.baton.model.Release;
import dev.baton.model.ReleaseId;
import dev.baton.model.Revision;
import dev.baton.model.UserId;
import dev.baton.spi.PromotionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link PromotionStore}, as JUnit 5 tests. An adapter author extends this class
 * and returns a fresh, empty store from {@link #newStore()}; every test then runs against it.
 *
 * <pre>{@code
 * class JdbcPromotionStoreTest extends PromotionStoreContract {
 *   protected PromotionStore newStore() { return JdbcPromotionStore.create(freshDatabase()); }
 * }
 * }</pre>
 *
 * <p>What is checked: insert and find, refusal of duplicate ids and of duplicate idempotency keys
 * within a project, compare-and-set outcomes, notifications stored in the same atomic step as the
 * change that caused them (and never when the change lost), the outbox's due times, order and
 * bookkeeping, takes of due notifications one at a time and in batches (racing deliverers
 * included) and deliveries given back, every query filter alone and combined, paging and
 * newest-first order, ids by prefix (none, one, several, the limit, a whole id, invalid input),
 * the last release into a target (statuses, ties, the window, random histories against a page of
 * {@code query}), the target claim, and races of 16 threads on one version and on one claim.
 *
 * <p>Test methods are public so that other suites may call them one by one; a test instance is
 * used by one thread at a time, as JUnit does.
 *
 * @since 0.1
 */
public abstract class PromotionStoreContract extends StoreContract<PromotionStore> {
  private static final int RACERS = 16;
  private static final int CAS_ROUNDS = 50;
  private static final int CLAIM_ROUNDS = 20;
  private static final Instant FAR_FUTURE = T0.plus(Duration.ofDays(3650));

  // ----------------------------------------------------------------------------- insert, find

  /**
   * An inserted promotion is found as it was stored.
   *
   * @since 0.1
   */
  @Test
  public void insertedPromotionIsFoundAsStored() {
    Promotion p = SamplePromotions.builder("p-1")
        .idempotencyKey(Optional.of("key-1"))
        .claim(Optional.of(SamplePromotions.claim("engine-a", T0)))
        .build();

    assertThat(store().insert(p, List.of())).isEqualTo(InsertResult.INSERTED);

    assertThat(store().find(p.id())).contains(p);
  }

  /**
   * Every field of a promotion survives a compare-and-set and comes back equal.
   *
   * @since 0.1
   */
  @Test
  public void everyFieldIsKeptWhole() {
    Promotion full = SamplePromotions.everyField("p-1");
    Promotion v1 = full.toBuilder().version(1).build();
    store().insert(v1, List.of());
    Promotion v2 = full.toBuilder().version(2).build();

    assertThat(store().compareAndSet(1, v2, List.of())).isEqualTo(CasResult.APPLIED);

    assertThat(store().find(v1.id())).contains(v2);
    assertThat(store().findByIdempotencyKey(PROJECT, "req-p-1")).contains(v2);
    assertThat(store().query(PromotionQuery.of(PROJECT)).items()).containsExactly(v2);
  }

  /**
   * An unknown id finds nothing.
   *
   * @since 0.1
   */
  @Test
  public void findOfUnknownIdIsEmpty() {
    store().insert(SamplePromotions.promotion("p-1"), List.of());

    assertThat(store().find(PromotionId.of("p-2"))).isEmpty();
  }

  /**
   * A second promotion with a stored id is refused and changes nothing.
   *
   * @since 0.1
   */
  @Test
  public void insertRefusesDuplicateId() {
    Promotion first = SamplePromotions.promotion("p-1");
    store().insert(first, List.of());
    Promotion again = SamplePromotions.builder("p-1").notes("other")
        .idempotencyKey(Optional.of("fresh-key")).build();
    Notification n = SamplePromotions.notification("n-1", again, T0);

    assertThat(store().insert(again, List.of(n))).isEqualTo(InsertResult.DUPLICATE_ID);

    assertThat(store().find(first.id())).contains(first);
    assertThat(store().findByIdempotencyKey(PROJECT, "fresh-key")).isEmpty();
    assertThat(outboxIds()).doesNotContain(n.id());
  }

  /**
   * A second promotion with a stored idempotency key in the same project is refused.
   *
   * @since 0.1
   */
  @Test
  public void insertRefusesDuplicateKeyInTheSameProject() {
    Promotion first = SamplePromotions.withKey("p-1", PROJECT, "key-1");
    store().insert(first, List.of());
    Promotion second = SamplePromotions.withKey("p-2", PROJECT, "key-1");
    Notification n = SamplePromotions.notification("n-2", second, T0);

    assertThat(store().insert(second, List.of(n))).isEqualTo(InsertResult.DUPLICATE_KEY);

    assertThat(store().find(second.id())).isEmpty();
    assertThat(store().findByIdempotencyKey(PROJECT, "key-1")).contains(first);
    assertThat(outboxIds()).doesNotContain(n.id());
  }

  /**
   * Idempotency keys are per project: the same key in another project is a new promotion.
   *
   * @since 0.1
   */
  @Test
  public void sameKeyInAnotherProjectIsAccepted() {
    Promotion mine = SamplePromotions.withKey("p-1", PROJECT, "key-1");
    Promotion theirs = SamplePromotions.withKey("p-2", OTHER_PROJECT, "key-1");

    assertThat(store().insert(mine, List.of())).isEqualTo(InsertResult.INSERTED);
    assertThat(store().insert(theirs, List.of())).isEqualTo(InsertResult.INSERTED);

    assertThat(store().findByIdempotencyKey(PROJECT, "key-1")).contains(mine);
    assertThat(store().findByIdempotencyKey(OTHER_PROJECT, "key-1")).contains(theirs);
  }

  /**
   * Promotions without a key never clash with each other.
   *
   * @since 0.1
   */
  @Test
  public void promotionsWithoutKeyNeverClash() {
    assertThat(store().insert(SamplePromotions.promotion("p-1"), List.of()))
        .isEqualTo(InsertResult.INSERTED);
    assertThat(store().insert(SamplePromotions.promotion("p-2"), List.of()))
        .isEqualTo(InsertResult.INSERTED);
  }

  /**
   * Lookup by key finds only that key in that project.
   *
   * @since 0.1
   */
  @Test
  public void findByIdempotencyKeyMatchesKeyAndProject() {
    Promotion p = SamplePromotions.withKey("p-1", PROJECT, "key-1");
    store().insert(p, List.of());
    store().insert(SamplePromotions.promotion("p-2"), List.of());

    assertThat(store().findByIdempotencyKey(PROJECT, "key-1")).contains(p);
    assertThat(store().findByIdempotencyKey(PROJECT, "key-2")).isEmpty();
    assertThat(store().findByIdempotencyKey(OTHER_PROJECT, "key-1")).isEmpty();
  }

  // ---------------------------------------------------------------------------- compare-and-set

  /**
   * A compare-and-set on the stored version replaces the promotion, version after version.
   *
   * @since 0.1
   */
  @Test
  public void compareAndSetAppliesOnTheStoredVersion() {
    Promotion v1 = SamplePromotions.promotion("p-1");
    store().insert(v1, List.of());
    Promotion v2 = SamplePromotions.next(v1, PromotionStatus.PENDING_RELEASE);
    Promotion v3 = SamplePromotions.next(v2, PromotionStatus.COMPLETED);

    assertThat(store().compareAndSet(1, v2, List.of())).isEqualTo(CasResult.APPLIED);
    assertThat(store().find(v1.id())).contains(v2);
    assertThat(store().compareAndSet(2, v3, List.of())).isEqualTo(CasResult.APPLIED);
    assertThat(store().find(v1.id())).contains(v3);
  }

  /**
   * A compare-and-set on any other version is refused and changes nothing.
   *
   * @since 0.1
   */
  @Test
  public void compareAndSetRefusesAnotherVersion() {
    Promotion v1 = SamplePromotions.promotion("p-1");
    store().insert(v1, List.of());
    Promotion v2 = SamplePromotions.next(v1, "winner");
    store().compareAndSet(1, v2, List.of());

    assertThat(store().compareAndSet(1, SamplePromotions.next(v1, "loser"), List.of()))
        .isEqualTo(CasResult.VERSION_MISMATCH);
    Promotion ahead = v2.toBuilder().version(7).build();
    assertThat(store().compareAndSet(6, ahead, List.of())).isEqualTo(CasResult.VERSION_MISMATCH);

    assertThat(store().find(v1.id())).contains(v2);
  }

  /**
   * A compare-and-set of an id never inserted is NOT_FOUND and stores nothing.
   *
   * @since 0.1
   */
  @Test
  public void compareAndSetOfUnknownIdIsNotFound() {
    Promotion ghost = SamplePromotions.next(SamplePromotions.promotion("p-9"), "ghost");
    Notification n = SamplePromotions.notification("n-1", ghost, T0);

    assertThat(store().compareAndSet(1, ghost, List.of(n))).isEqualTo(CasResult.NOT_FOUND);

    assertThat(store().find(ghost.id())).isEmpty();
    assertThat(outboxIds()).doesNotContain(n.id());
  }

  /**
   * Lookup by idempotency key answers the latest version.
   *
   * @since 0.1
   */
  @Test
  public void findByIdempotencyKeyAnswersTheLatestVersion() {
    Promotion v1 = SamplePromotions.withKey("p-1", PROJECT, "key-1");
    store().insert(v1, List.of());
    Promotion v2 = SamplePromotions.next(v1, PromotionStatus.REJECTED);
    store().compareAndSet(1, v2, List.of());

    assertThat(store().findByIdempotencyKey(PROJECT, "key-1")).contains(v2);
  }

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

  // ------------------------------------------------------------------------------------- query

  /**
   * A project's promotions come newest first, ties broken by id descending, with the total.
   *
   * @since 0.1
   */
  @Test
  public void queryAnswersNewestFirstWithTotal() {
    storeQueryFixture();

    Page<Promotion> page = store().query(PromotionQuery.of(PROJECT));

    assertThat(ids(page)).containsExactly("q-d", "q-c", "q-b", "q-a", "q-f");
    assertThat(page.total()).isEqualTo(5);
    assertThat(page.offset()).isZero();
    assertThat(page.hasMore()).isFalse();
  }

  /**
   * Without a project filter every project's promotions match.
   *
   * @since 0.1
   */
  @Test
  public void queryWithoutProjectSpansProjects() {
    storeQueryFixture();

    Page<Promotion> page = store().query(all());

    assertThat(ids(page)).containsExactly("q-e", "q-d", "q-c", "q-b", "q-a", "q-f");
    assertThat(page.total()).isEqualTo(6);
  }

  /**
   * The target filter alone.
   *
   * @since 0.1
   */
  @Test
  public void queryFiltersByTarget() {
    storeQueryFixture();

    assertThat(ids(store().query(all().withTarget(STAGING)))).containsExactly("q-b", "q-f");
  }

  /**
   * The status filter alone, with several statuses.
   *
   * @since 0.1
   */
  @Test
  public void queryFiltersByStatuses() {
    storeQueryFixture();

    Page<Promotion> page = store().query(all().withStatuses(
        Set.of(PromotionStatus.PENDING_APPROVAL, PromotionStatus.REJECTED)));

    assertThat(ids(page)).containsExactly("q-e", "q-c", "q-a", "q-f");
    assertThat(page.total()).isEqualTo(4);
  }

  /**
   * The requester filter alone.
   *
   * @since 0.1
   */
  @Test
  public void queryFiltersByRequester() {
    storeQueryFixture();

    assertThat(ids(store().query(all().withRequester(BOB)))).containsExactly("q-c", "q-b");
  }

  /**
   * The request-time window includes its start and excludes its end.
   *
   * @since 0.1
   */
  @Test
  public void queryFiltersByRequestTimeWindow() {
    storeQueryFixture();

    assertThat(ids(store().query(all().withRequestedBetween(hours(2), null))))
        .containsExactly("q-e", "q-d", "q-c", "q-b");
    assertThat(ids(store().query(all().withRequestedBetween(null, hours(2)))))
        .containsExactly("q-a", "q-f");
    assertThat(ids(store().query(all().withRequestedBetween(hours(1), hours(3)))))
        .containsExactly("q-b", "q-a");
  }

  /**
   * The executing-only filter keeps promotions that hold an execution claim.
   *
   * @since 0.1
   */
  @Test
  public void queryFiltersExecutingOnly() {
    storeQueryFixture();

    assertThat(ids(store().query(PromotionQuery.executing()))).containsExactly("q-d", "q-f");
  }

  /**
   * Filters combine with "and".
   *
   * @since 0.1
   */
  @Test
  public void queryCombinesFilters() {
    storeQueryFixture();

    PromotionQuery query = PromotionQuery.of(PROJECT)
        .withTarget(PRODUCTION)
        .withRequester(ALICE)
        .withStatuses(Set.of(PromotionStatus.PENDING_APPROVAL, PromotionStatus.PENDING_RELEASE))
        .withRequestedBetween(T0, hours(4));

    Page<Promotion> page = store().query(query);
    assertThat(ids(page)).containsExactly("q-d", "q-a");
    assertThat(page.total()).isEqualTo(2);

    PromotionQuery executing = new PromotionQuery(Optional.of(PROJECT), Optional.of(STAGING),
        Set.of(), Optional.of(ALICE), Optional.empty(), Optional.empty(), true, 0, 10);
    assertThat(ids(store().query(executing))).containsExactly("q-f");
  }

  /**
   * Pages cut the same order; every page reports the total.
   *
   * @since 0.1
   */
  @Test
  public void queryPagesThroughTheSameOrder() {
    storeQueryFixture();
    List<String> seen = new ArrayList<>();

    for (int offset = 0; offset < 6; offset += 2) {
      Page<Promotion> page = store().query(all().withPage(offset, 2));
      assertThat(page.offset()).isEqualTo(offset);
      assertThat(page.total()).isEqualTo(6);
      assertThat(page.items()).hasSize(2);
      assertThat(page.hasMore()).isEqualTo(offset < 4);
      seen.addAll(ids(page));
    }

    assertThat(seen).containsExactly("q-e", "q-d", "q-c", "q-b", "q-a", "q-f");
    Page<Promotion> beyond = store().query(all().withPage(10, 5));
    assertThat(beyond.items()).isEmpty();
    assertThat(beyond.total()).isEqualTo(6);
  }

  /**
   * Ties of request time are broken by id, descending.
   *
   * @since 0.1
   */
  @Test
  public void queryBreaksTiesByIdDescending() {
    for (String id : List.of("t-b", "t-d", "t-a", "t-c")) {
      store().insert(SamplePromotions.promotion(id), List.of());
    }

    assertThat(ids(store().query(PromotionQuery.of(PROJECT))))
        .containsExactly("t-d", "t-c", "t-b", "t-a");
  }

  /**
   * A query sees the latest version of each promotion.
   *
   * @since 0.1
   */
  @Test
  public void queryMatchesTheLatestVersion() {
    Promotion v1 = SamplePromotions.promotion("p-1");
    store().insert(v1, List.of());
    store().compareAndSet(1, SamplePromotions.next(v1, PromotionStatus.REJECTED), List.of());

    PromotionQuery pending = PromotionQuery.of(PROJECT)
        .withStatuses(Set.of(PromotionStatus.PENDING_APPROVAL));
    PromotionQuery rejected = PromotionQuery.of(PROJECT)
        .withStatuses(Set.of(PromotionStatus.REJECTED));
    assertThat(store().query(pending).items()).isEmpty();
    assertThat(store().query(rejected).items()).extracting(Promotion::version).containsExactly(2L);
  }

  // ------------------------------------------------------------------------- ids by prefix

  /**
   * An id prefix finds no promotion, exactly one, or several (an ambiguous prefix, told apart
   * by asking for two), in every project.
   *
   * @since 0.1
   */
  @Test
  public void findIdsByPrefixTellsNoneOneAndSeveralApart() {
    insertAll(SamplePromotions.promotion("p-3f2a"), SamplePromotions.promotion("p-3f2b"),
        SamplePromotions.promotion("p-77", OTHER_PROJECT, T0),
        SamplePromotions.promotion("r-3f2a"));

    assertThat(store().findIdsByPrefix("p-9", 2)).isEmpty();
    assertThat(store().findIdsByPrefix("3f2a", 2)).isEmpty();
    assertThat(store().findIdsByPrefix("p-7", 2)).containsExactly(PromotionId.of("p-77"));
    assertThat(store().findIdsByPrefix("p-3f2a", 2)).containsExactly(PromotionId.of("p-3f2a"));
    assertThat(store().findIdsByPrefix("p-3f", 2))
        .containsExactly(PromotionId.of("p-3f2a"), PromotionId.of("p-3f2b"));
    assertThat(store().findIdsByPrefix("p", 2))
        .containsExactly(PromotionId.of("p-3f2a"), PromotionId.of("p-3f2b"));
  }

  /**
   * The answer holds the first ids in id order, at most the limit, whatever the order of
   * request, request times and projects.
   *
   * @since 0.1
   */
  @Test
  public void findIdsByPrefixAnswersTheFirstIdsInIdOrderUpToTheLimit() {
    List<String> ids = List.of("x-b", "x-10", "x-a", "x-1", "x-9", "x-2", "y-1", "x", "w-1");
    for (int i = 0; i < ids.size(); i++) {
      // the later an id comes in the list, the older its request: neither order is id order
      store().insert(SamplePromotions.promotion(ids.get(i), i % 2 == 0 ? PROJECT : OTHER_PROJECT,
          T0.minus(Duration.ofHours(i))), List.of());
    }

    assertThat(values(store().findIdsByPrefix("x", 1))).containsExactly("x");
    assertThat(values(store().findIdsByPrefix("x", 3))).containsExactly("x", "x-1", "x-10");
    assertThat(values(store().findIdsByPrefix("x-", 1000)))
        .containsExactly("x-1", "x-10", "x-2", "x-9", "x-a", "x-b");
    assertThat(values(store().findIdsByPrefix("x-1", 1000))).containsExactly("x-1", "x-10");
  }

  /**
   * A prefix that is a whole id finds that id, and also every longer id that starts with it.
   *
   * @since 0.1
   */
  @Test
  public void findIdsByPrefixOfAWholeIdFindsItFirst() {
    insertAll(SamplePromotions.promotion("p-12"), SamplePromotions.promotion("p-1"),
        SamplePromotions.promotion("p-2"));

    assertThat(values(store().findIdsByPrefix("p-2", 2))).containsExactly("p-2");
    assertThat(values(store().findIdsByPrefix("p-1", 1))).containsExactly("p-1");
    assertThat(values(store().findIdsByPrefix("p-1", 2))).containsExactly("p-1", "p-12");
  }

  /**
   * A prefix matches the text of ids exactly: case-sensitive, and {@code '.'}, {@code '_'} and
   * {@code '-'} are themselves (no pattern character of a regular expression or SQL LIKE).
   *
   * @since 0.1
   */
  @Test
  public void findIdsByPrefixMatchesTextExactly() {
    insertAll(SamplePromotions.promotion("a_1"), SamplePromotions.promotion("ab1"),
        SamplePromotions.promotion("a.1"), SamplePromotions.promotion("aX1"),
        SamplePromotions.promotion("A-1"));

    assertThat(values(store().findIdsByPrefix("a_", 10))).containsExactly("a_1");
    assertThat(values(store().findIdsByPrefix("a.", 10))).containsExactly("a.1");
    assertThat(values(store().findIdsByPrefix("ax", 10))).isEmpty();
    assertThat(values(store().findIdsByPrefix("A", 10))).containsExactly("A-1");
    assertThat(values(store().findIdsByPrefix("a", 10)))
        .containsExactly("a.1", "aX1", "a_1", "ab1");
  }

  /**
   * A promotion is found by its id prefix whatever its status, after compare-and-sets as
   * before, and a new one as soon as it is stored.
   *
   * @since 0.1
   */
  @Test
  public void findIdsByPrefixSeesEveryStoredPromotion() {
    Promotion v1 = SamplePromotions.promotion("p-1");
    insertAll(v1);
    assertThat(store().compareAndSet(1, SamplePromotions.next(v1, PromotionStatus.REJECTED),
        List.of())).isEqualTo(CasResult.APPLIED);

    assertThat(values(store().findIdsByPrefix("p", 2))).containsExactly("p-1");
    insertAll(SamplePromotions.promotion("p-0"));
    assertThat(values(store().findIdsByPrefix("p", 2))).containsExactly("p-0", "p-1");
  }

  /**
   * Among many promotions a prefix still answers its first matches only, exactly.
   *
   * @since 0.1
   */
  @Test
  public void findIdsByPrefixAmongManyPromotions() {
    List<String> stored = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      String id = String.format("%s-%03d", i % 3 == 0 ? "m" : "n", (i * 37) % 120);
      stored.add(id);
      store().insert(SamplePromotions.promotion(id, PROJECT, T0.plus(Duration.ofMinutes(i))),
          List.of());
    }
    List<String> sortedM = stored.stream().filter(id -> id.startsWith("m-")).sorted().toList();

    assertThat(values(store().findIdsByPrefix("m", 2))).containsExactlyElementsOf(
        sortedM.subList(0, 2));
    assertThat(values(store().findIdsByPrefix("m-", 1000))).containsExactlyElementsOf(sortedM);
    assertThat(values(store().findIdsByPrefix(sortedM.get(5), 2)))
        .containsExactly(sortedM.get(5));
    assertThat(values(store().findIdsByPrefix("n-1", 1000))).hasSize(
        (int) stored.stream().filter(id -> id.startsWith("n-1")).count());
  }

  /**
   * A prefix no id can start with, a null one and a limit out of 1 to 1000 are refused with
   * INVALID_ARGUMENT, not answered empty.
   *
   * @since 0.1
   */
  @Test
  public void findIdsByPrefixRefusesInvalidInput() {
    insertAll(SamplePromotions.promotion("p-1"));

    for (String prefix : Arrays.asList(null, "", " p", "-p", ".p", "p..", "p/1",
        "p%", "p 1", "p*", "\u00e9", "p".repeat(64))) {
      assertInvalidArgument(() -> store().findIdsByPrefix(prefix, 2), "prefix " + prefix);
    }
    assertInvalidArgument(() -> store().findIdsByPrefix("p", 0), "limit 0");
    assertInvalidArgument(() -> store().findIdsByPrefix("p", -1), "limit -1");
    assertInvalidArgument(() -> store().findIdsByPrefix("p", 1001), "limit 1001");
    assertThat(values(store().findIdsByPrefix("p".repeat(63), 1000))).isEmpty();
  }

  // ------------------------------------------------------------------------------ last release

  /**
   * Without a COMPLETED or PENDING_RELEASE promotion into the target there is no last release:
   * a release on a promotion still pending approval (an execution in progress) or rejected
   * (its pull request closed) does not count, nor one into another target or project.
   *
   * @since 0.1
   */
  @Test
  public void lastReleaseCountsReleasedStatusesOfTheTargetOnly() {
    assertThat(store().lastRelease(PROJECT, PRODUCTION)).isEmpty();
    insertAll(
        released("l-a", PROJECT, PRODUCTION, 1, PromotionStatus.PENDING_APPROVAL, 9),
        released("l-b", PROJECT, PRODUCTION, 2, PromotionStatus.REJECTED, 9),
        released("l-c", PROJECT, STAGING, 3, PromotionStatus.COMPLETED, 9),
        released("l-d", OTHER_PROJECT, PRODUCTION, 4, PromotionStatus.COMPLETED, 9),
        SamplePromotions.builder("l-e").status(PromotionStatus.COMPLETED).build());

    assertThat(store().lastRelease(PROJECT, PRODUCTION)).isEmpty();
    assertThat(store().lastRelease(PROJECT, STAGING).map(r -> r.id().value()))
        .contains("r-l-c");
    assertThat(store().lastRelease(OTHER_PROJECT, PRODUCTION).map(r -> r.id().value()))
        .contains("r-l-d");
  }

  /**
   * The last release is the one created last, whatever the order of the requests, of a
   * COMPLETED or a PENDING_RELEASE promotion, and it is answered whole.
   *
   * @since 0.1
   */
  @Test
  public void lastReleaseIsTheReleaseCreatedLast() {
    Promotion late = released("l-b", PROJECT, PRODUCTION, 1, PromotionStatus.PENDING_RELEASE, 8);
    insertAll(
        released("l-a", PROJECT, PRODUCTION, 2, PromotionStatus.COMPLETED, 5),
        late,
        released("l-c", PROJECT, PRODUCTION, 3, PromotionStatus.COMPLETED, 7));

    assertThat(store().lastRelease(PROJECT, PRODUCTION)).isEqualTo(late.release());
  }

  /**
   * Of releases created at the same instant, the answer is the one of the promotion first in
   * {@link PromotionStore#query}'s order: requested last, then the greater id.
   *
   * @since 0.1
   */
  @Test
  public void lastReleaseBreaksTiesByTheQueryOrder() {
    insertAll(
        released("l-a", PROJECT, PRODUCTION, 1, PromotionStatus.COMPLETED, 5),
        released("l-b", PROJECT, PRODUCTION, 2, PromotionStatus.COMPLETED, 5),
        released("l-c", PROJECT, PRODUCTION, 2, PromotionStatus.PENDING_RELEASE, 5),
        released("l-d", PROJECT, PRODUCTION, 0, PromotionStatus.COMPLETED, 5));

    assertThat(store().lastRelease(PROJECT, PRODUCTION).map(r -> r.id().value()))
        .contains("r-l-c");
  }

  /**
   * Only the newest {@value PromotionStore#LAST_RELEASE_WINDOW} released promotions by request
   * are looked at (a released promotion without a release takes a place too): a later release
   * of a promotion requested before them is not the answer.
   *
   * @since 0.1
   */
  @Test
  public void lastReleaseLooksAtTheNewestReleasedPromotionsOnly() {
    int window = PromotionStore.LAST_RELEASE_WINDOW;
    insertAll(released("l-old", PROJECT, PRODUCTION, 0, PromotionStatus.COMPLETED, 100));
    for (int i = 1; i < window; i++) {
      insertAll(released("l-" + i, PROJECT, PRODUCTION, i, PromotionStatus.COMPLETED, i));
    }
    insertAll(released("l-pending", PROJECT, PRODUCTION, window + 5,
        PromotionStatus.PENDING_APPROVAL, 0));
    assertThat(store().lastRelease(PROJECT, PRODUCTION).map(r -> r.id().value()))
        .as("l-old is the newest but one of %d", window).contains("r-l-old");

    insertAll(SamplePromotions.builder("l-bare").requestedAt(hours(window))
        .status(PromotionStatus.COMPLETED).build());
    assertThat(store().lastRelease(PROJECT, PRODUCTION).map(r -> r.id().value()))
        .contains("r-l-" + (window - 1));
  }

  /**
   * The answer follows the latest version of each promotion: a release that changes its
   * revision (a merged pull request) and a PENDING_RELEASE promotion that is rejected.
   *
   * @since 0.1
   */
  @Test
  public void lastReleaseFollowsTheLatestVersions() {
    Promotion older = released("l-a", PROJECT, PRODUCTION, 1, PromotionStatus.COMPLETED, 2);
    Promotion waiting = released("l-b", PROJECT, PRODUCTION, 2,
        PromotionStatus.PENDING_RELEASE, 3);
    insertAll(older, waiting);
    assertThat(store().lastRelease(PROJECT, PRODUCTION)).isEqualTo(waiting.release());

    Release merged = new Release(waiting.release().get().id(), Revision.of("merged-1"),
        waiting.release().get().createdAt(), DeployState.WAITING, "", Optional.empty(),
        Optional.empty());
    Promotion landed = waiting.toBuilder().release(Optional.of(merged)).version(2).build();
    assertThat(store().compareAndSet(1, landed, List.of())).isEqualTo(CasResult.APPLIED);
    assertThat(store().lastRelease(PROJECT, PRODUCTION)).contains(merged);

    assertThat(store().compareAndSet(2, SamplePromotions.next(landed, PromotionStatus.REJECTED),
        List.of())).isEqualTo(CasResult.APPLIED);
    assertThat(store().lastRelease(PROJECT, PRODUCTION)).isEqualTo(older.release());
  }

  /**
   * On random histories (projects, targets, statuses, equal request times and release times,
   * compare-and-sets), the answer is the one the engine computed before the store answered it:
   * a page of {@value PromotionStore#LAST_RELEASE_WINDOW} COMPLETED or PENDING_RELEASE
   * promotions from {@link PromotionStore#query}, the release created last, the first of equal
   * ones. A failure names its seed.
   *
   * @since 0.1
   */
  @Test
  public void lastReleaseAnswersAsThePageOfReleasesOnRandomHistories() {
    List<ProjectId> projects = List.of(PROJECT, OTHER_PROJECT);
    List<EnvironmentName> targets = List.of(PRODUCTION, STAGING);
    PromotionStatus[] statuses = PromotionStatus.values();
    for (long seed = 1; seed <= 3; seed++) {
      Random random = new Random(seed);
      String prefix = "h" + seed + "-";
      List<Promotion> stored = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        boolean hasRelease = random.nextInt(4) != 0;
        Promotion p = SamplePromotions.builder(prefix + random.nextInt(1000) + "-" + i)
            .project(projects.get(random.nextInt(4) == 0 ? 1 : 0))
            .target(targets.get(random.nextInt(5) == 0 ? 1 : 0))
            .requestedAt(hours(random.nextInt(30)))
            .status(statuses[random.nextInt(statuses.length)])
            .release(hasRelease ? Optional.of(release(prefix + i, hours(random.nextInt(12))))
                : Optional.empty())
            .build();
        insertAll(p);
        stored.add(p);
        if (random.nextInt(3) == 0) {
          // a later version of an earlier promotion: another status, release or both
          int at = random.nextInt(stored.size());
          Promotion current = stored.get(at);
          Promotion.Builder next = current.toBuilder().version(current.version() + 1);
          if (random.nextBoolean()) {
            next.status(statuses[random.nextInt(statuses.length)]);
          }
          if (random.nextBoolean()) {
            next.release(Optional.of(release(prefix + i + "-v", hours(random.nextInt(12)))));
          }
          Promotion changed = next.build();
          assertThat(store().compareAndSet(current.version(), changed, List.of()))
              .as("seed %d", seed).isEqualTo(CasResult.APPLIED);
          stored.set(at, changed);
        }
        if (i % 6 == 5) {
          for (ProjectId project : projects) {
            for (EnvironmentName target : targets) {
              assertThat(store().lastRelease(project, target))
                  .as("seed %d after %d promotions, %s into %s", seed, i + 1, project, target)
                  .isEqualTo(lastReleaseFromAPage(project, target));
            }
          }
        }
      }
    }
  }

  /** The engine's own answer before the store had {@code lastRelease}, as it was written. */
  private Optional<Release> lastReleaseFromAPage(ProjectId project, EnvironmentName target) {
    PromotionQuery query = new PromotionQuery(Optional.of(project), Optional.of(target),
        Set.of(PromotionStatus.COMPLETED, PromotionStatus.PENDING_RELEASE), Optional.empty(),
        Optional.empty(), Optional.empty(), false, 0, 20);
    Release newest = null;
    for (Promotion p : store().query(query).items()) {
      Release release = p.release().orElse(null);
      if (release != null
          && (newest == null || release.createdAt().isAfter(newest.createdAt()))) {
        newest = release;
      }
    }
    return Optional.ofNullable(newest);
  }

  private static Promotion released(String id, ProjectId project, EnvironmentName target,
      int requestedHour, PromotionStatus status, int releasedHour) {
    return SamplePromotions.builder(id)
        .project(project)
        .source(target.equals(STAGING) ? SamplePromotions.DEV : STAGING)
        .target(target)
        .requestedAt(hours(requestedHour))
        .status(status)
        .release(Optional.of(release(id, hours(releasedHour))))
        .build();
  }

  private static Release release(String id, Instant at) {
    return new Release(ReleaseId.of("r-" + id), Revision.of("rev-" + id), at,
        DeployState.DEPLOYED, "deployed", Optional.of(at), Optional.of(BOB));
  }

  // ------------------------------------------------------------------------------ target claim

  /**
   * A target starts unclaimed.
   *
   * @since 0.1
   */
  @Test
  public void targetStartsUnclaimed() {
    assertThat(store().targetClaim(PROJECT, PRODUCTION)).isEmpty();
  }

  /**
   * An unclaimed target is claimed when the caller expects it unclaimed; others stay free.
   *
   * @since 0.1
   */
  @Test
  public void targetClaimIsSetWhenUnclaimedAsExpected() {
    PromotionId p1 = PromotionId.of("p-1");

    assertThat(store().compareAndSetTargetClaim(PROJECT, PRODUCTION, Optional.empty(),
        Optional.of(p1))).isTrue();

    assertThat(store().targetClaim(PROJECT, PRODUCTION)).contains(p1);
    assertThat(store().targetClaim(PROJECT, STAGING)).isEmpty();
    assertThat(store().targetClaim(OTHER_PROJECT, PRODUCTION)).isEmpty();
  }

  /**
   * A claim is refused when the caller expects the wrong holder.
   *
   * @since 0.1
   */
  @Test
  public void targetClaimRefusesAWrongExpectation() {
    PromotionId p1 = PromotionId.of("p-1");
    PromotionId p2 = PromotionId.of("p-2");
    store().compareAndSetTargetClaim(PROJECT, PRODUCTION, Optional.empty(), Optional.of(p1));

    assertThat(store().compareAndSetTargetClaim(PROJECT, PRODUCTION, Optional.empty(),
        Optional.of(p2))).isFalse();
    assertThat(store().compareAndSetTargetClaim(PROJECT, PRODUCTION,
        Optional.of(PromotionId.of("p-3")), Optional.of(p2))).isFalse();
    assertThat(store().compareAndSetTargetClaim(PROJECT, STAGING, Optional.of(p1),
        Optional.of(p2))).isFalse();

    assertThat(store().targetClaim(PROJECT, PRODUCTION)).contains(p1);
    assertThat(store().targetClaim(PROJECT, STAGING)).isEmpty();
  }

  /**
   * The holder releases a claim, after which another promotion may take it.
   *
   * @since 0.1
   */
  @Test
  public void targetClaimIsReleasedAndRetaken() {
    PromotionId p1 = PromotionId.of("p-1");
    PromotionId p2 = PromotionId.of("p-2");
    store().compareAndSetTargetClaim(PROJECT, PRODUCTION, Optional.empty(), Optional.of(p1));

    assertThat(store().compareAndSetTargetClaim(PROJECT, PRODUCTION, Optional.of(p1),
        Optional.empty())).isTrue();
    assertThat(store().targetClaim(PROJECT, PRODUCTION)).isEmpty();

    assertThat(store().compareAndSetTargetClaim(PROJECT, PRODUCTION, Optional.empty(),
        Optional.of(p2))).isTrue();
    assertThat(store().targetClaim(PROJECT, PRODUCTION)).contains(p2);
  }

  /**
   * A claim moves straight from one holder to another when the expectation holds.
   *
   * @since 0.1
   */
  @Test
  public void targetClaimIsHandedOver() {
    PromotionId p1 = PromotionId.of("p-1");
    PromotionId p2 = PromotionId.of("p-2");
    store().compareAndSetTargetClaim(PROJECT, PRODUCTION, Optional.empty(), Optional.of(p1));

    assertThat(store().compareAndSetTargetClaim(PROJECT, PRODUCTION, Optional.of(p1),
        Optional.of(p2))).isTrue();

    assertThat(store().targetClaim(PROJECT, PRODUCTION)).contains(p2);
  }

  /**
   * The same target name in two projects holds two independent claims.
   *
   * @since 0.1
   */
  @Test
  public void targetClaimsArePerProject() {
    PromotionId mine = PromotionId.of("p-1");
    PromotionId theirs = PromotionId.of("p-2");

    assertThat(store().compareAndSetTargetClaim(PROJECT, PRODUCTION, Optional.empty(),
        Optional.of(mine))).isTrue();
    assertThat(store().compareAndSetTargetClaim(OTHER_PROJECT, PRODUCTION, Optional.empty(),
        Optional.of(theirs))).isTrue();

    assertThat(store().targetClaim(PROJECT, PRODUCTION)).contains(mine);
    assertThat(store().targetClaim(OTHER_PROJECT, PRODUCTION)).contains(theirs);
  }

  // ------------------------------------------------------------------------------------- races

  /**
   * 16 threads compare-and-set the same version at once, round after round: exactly one wins
   * each round, the stored value is the winner's, and only the winner's notification is stored.
   *
   * @since 0.1
   */
  @Test
  public void exactlyOneCompareAndSetWinsEachRound() {
    Promotion current = SamplePromotions.promotion("race-1");
    store().insert(current, List.of());

    for (int round = 0; round < CAS_ROUNDS; round++) {
      Promotion base = current;
      int r = round;
      List<CasResult> results = Races.race(RACERS, i -> {
        Promotion next = SamplePromotions.next(base, "round " + r + " thread " + i);
        Notification n = SamplePromotions.notification("n-" + r + "-" + i, base, T0);
        return () -> store().compareAndSet(base.version(), next, List.of(n));
      });

      List<Integer> winners = new ArrayList<>();
      for (int i = 0; i < results.size(); i++) {
        if (results.get(i) == CasResult.APPLIED) {
          winners.add(i);
        } else {
          assertThat(results.get(i)).as("round %d thread %d", r, i)
              .isEqualTo(CasResult.VERSION_MISMATCH);
        }
      }
      assertThat(winners).as("winners of round %d", r).hasSize(1);
      int winner = winners.get(0);
      current = store().find(base.id()).orElseThrow();
      assertThat(current.version()).isEqualTo(base.version() + 1);
      assertThat(current.notes()).isEqualTo("round " + r + " thread " + winner);
      assertThat(ids(store().pendingNotifications(FAR_FUTURE, 1000)))
          .containsExactly("n-" + r + "-" + winner);
      store().markDelivered(NotificationId.of("n-" + r + "-" + winner));
    }
  }

  /**
   * 16 promotions race for the same unclaimed target, round after round: exactly one wins.
   *
   * @since 0.1
   */
  @Test
  public void exactlyOneTargetClaimWinsEachRound() {
    for (int round = 0; round < CLAIM_ROUNDS; round++) {
      int r = round;
      List<Boolean> results = Races.race(RACERS, i -> () -> store().compareAndSetTargetClaim(
          PROJECT, PRODUCTION, Optional.empty(), Optional.of(PromotionId.of("c-" + r + "-" + i))));

      List<Integer> winners = new ArrayList<>();
      for (int i = 0; i < results.size(); i++) {
        if (results.get(i)) {
          winners.add(i);
        }
      }
      assertThat(winners).as("winners of round %d", r).hasSize(1);
      PromotionId holder = PromotionId.of("c-" + r + "-" + winners.get(0));
      assertThat(store().targetClaim(PROJECT, PRODUCTION)).contains(holder);
      assertThat(store().compareAndSetTargetClaim(PROJECT, PRODUCTION, Optional.of(holder),
          Optional.empty())).isTrue();
    }
  }

  /**
   * 16 threads insert promotions with one idempotency key at once: exactly one is stored.
   *
   * @since 0.1
   */
  @Test
  public void exactlyOneInsertWinsAnIdempotencyKey() {
    List<InsertResult> results = Races.race(RACERS, i -> {
      Promotion p = SamplePromotions.withKey("k-" + i, PROJECT, "same-key");
      return () -> store().insert(p, List.of(SamplePromotions.notification("n-" + i, p, T0)));
    });

    assertThat(results).filteredOn(r -> r == InsertResult.INSERTED).hasSize(1);
    assertThat(results).filteredOn(r -> r == InsertResult.DUPLICATE_KEY).hasSize(RACERS - 1);
    int winner = results.indexOf(InsertResult.INSERTED);
    assertThat(store().findByIdempotencyKey(PROJECT, "same-key").map(p -> p.id().value()))
        .contains("k-" + winner);
    assertThat(ids(store().pendingNotifications(FAR_FUTURE, 1000)))
        .containsExactly("n-" + winner);
  }

  // ----------------------------------------------------------------------------------- helpers

  /**
   * Six promotions for the query tests (hours after {@link SamplePromotions#T0}):
   * <pre>
   * id   project  target      requester  hour  status            claim
   * q-a  PROJECT  production  alice      1     PENDING_APPROVAL  -
   * q-b  PROJECT  staging     bob        2     COMPLETED         -
   * q-c  PROJECT  production  bob        3     REJECTED          -
   * q-d  PROJECT  production  alice      3     PENDING_RELEASE   yes
   * q-e  OTHER    production  alice      4     PENDING_APPROVAL  -
   * q-f  PROJECT  staging     alice      0     PENDING_APPROVAL  yes
   * </pre>
   */
  private void storeQueryFixture() {
    insertAll(
        fixture("q-a", PROJECT, PRODUCTION, ALICE, 1, PromotionStatus.PENDING_APPROVAL, false),
        fixture("q-b", PROJECT, STAGING, BOB, 2, PromotionStatus.COMPLETED, false),
        fixture("q-c", PROJECT, PRODUCTION, BOB, 3, PromotionStatus.REJECTED, false),
        fixture("q-d", PROJECT, PRODUCTION, ALICE, 3, PromotionStatus.PENDING_RELEASE, true),
        fixture("q-e", OTHER_PROJECT, PRODUCTION, ALICE, 4, PromotionStatus.PENDING_APPROVAL,
            false),
        fixture("q-f", PROJECT, STAGING, ALICE, 0, PromotionStatus.PENDING_APPROVAL, true));
  }

  private static Promotion fixture(String id, ProjectId project, EnvironmentName target,
      UserId requester, int hour, PromotionStatus status, boolean executing) {
    return SamplePromotions.builder(id)
        .project(project)
        .source(target.equals(STAGING) ? SamplePromotions.DEV : STAGING)
        .target(target)
        .requester(requester)
        .requestedAt(hours(hour))
        .status(status)
        .claim(executing ? Optional.of(SamplePromotions.claim("engine-a", hours(hour)))
            : Optional.empty())
        .build();
  }

  private void insertAll(Promotion... promotions) {
    for (Promotion p : promotions) {
      assertThat(store().insert(p, List.of())).as("insert %s", p.id()).isEqualTo(
          InsertResult.INSERTED);
    }
  }

  private static Instant hours(int hours) {
    return T0.plus(Duration.ofHours(hours));
  }

  private static PromotionQuery all() {
    return new PromotionQuery(Optional.empty(), Optional.empty(), Set.of(), Optional.empty(),
        Optional.empty(), Optional.empty(), false, 0, 100);
  }

  private static List<String> ids(Page<Promotion> page) {
    return page.items().stream().map(p -> p.id().value()).toList();
  }

  private static List<String> values(List<PromotionId> ids) {
    return ids.stream().map(PromotionId::value).toList();
  }

  private static void assertInvalidArgument(ThrowingCallable call, String what) {
    assertThatThrownBy(call).as(what).isInstanceOfSatisfying(BatonException.class,
        e -> assertThat(e.code()).as(what).isEqualTo(ErrorCode.INVALID_ARGUMENT));
  }

  private static List<String> ids(List<PendingNotification> pending) {
    return pending.stream().map(p -> p.notification().id().value()).toList();
  }

  private List<NotificationId> outboxIds() {
    return store().pendingNotifications(FAR_FUTURE, 1000).stream()
        .map(p -> p.notification().id())
        .toList();
  }
}

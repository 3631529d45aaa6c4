package dev.baton.memory;

import static dev.baton.testkit.SamplePromotions.OTHER_PROJECT;
import static dev.baton.testkit.SamplePromotions.PROJECT;
import static dev.baton.testkit.SamplePromotions.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.model.CasResult;
import dev.baton.model.InsertResult;
import dev.baton.model.Notification;
import dev.baton.model.NotificationId;
import dev.baton.model.PendingNotification;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionQuery;
import dev.baton.spi.PromotionStore;
import dev.baton.testkit.PromotionStoreContract;
import dev.baton.testkit.SamplePromotions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InMemoryPromotionStoreTest extends PromotionStoreContract {
  private static final Instant LATER = T0.plusSeconds(86_400);

  private final InMemoryPromotionStore store = new InMemoryPromotionStore();

  @Override
  protected PromotionStore newStore() {
    return new InMemoryPromotionStore();
  }

  @Test
  void refusesAnInsertThatIsNotVersionOne() {
    Promotion p = SamplePromotions.builder("p-1").version(2).build();
    Notification n = SamplePromotions.notification("n-1", p, T0);

    assertInvalid(() -> store.insert(p, List.of(n)));

    assertThat(store.find(p.id())).isEmpty();
    assertThat(store.pendingNotifications(LATER, 10)).isEmpty();
  }

  @Test
  void refusesACompareAndSetThatSkipsAVersion() {
    Promotion v1 = SamplePromotions.promotion("p-1");
    store.insert(v1, List.of());
    Promotion v3 = v1.toBuilder().version(3).build();

    assertInvalid(() -> store.compareAndSet(1, v3, List.of()));

    assertThat(store.find(v1.id())).contains(v1);
  }

  @Test
  void refusesACompareAndSetThatMovesTheIdempotencyKeyOrProject() {
    Promotion v1 = SamplePromotions.withKey("p-1", PROJECT, "key-1");
    store.insert(v1, List.of());
    Notification n = SamplePromotions.notification("n-1", v1, T0);

    assertInvalid(() -> store.compareAndSet(1, v1.toBuilder().version(2)
        .idempotencyKey(Optional.of("key-2")).build(), List.of(n)));
    assertInvalid(() -> store.compareAndSet(1, v1.toBuilder().version(2)
        .project(OTHER_PROJECT).build(), List.of(n)));

    assertThat(store.find(v1.id())).contains(v1);
    assertThat(store.findByIdempotencyKey(PROJECT, "key-1")).contains(v1);
    assertThat(store.pendingNotifications(LATER, 10)).isEmpty();
  }

  @Test
  void refusesNullsBeforeAnyChange() {
    Promotion p = SamplePromotions.promotion("p-1");
    List<Notification> withNull = new java.util.ArrayList<>();
    withNull.add(null);

    assertInvalid(() -> store.insert(p, withNull));
    assertInvalid(() -> store.insert(null, List.of()));
    assertInvalid(() -> store.query(null));

    assertThat(store.find(p.id())).isEmpty();
  }

  @Test
  void outboxKeepsStoredOrderForEqualCreationTimes() {
    Promotion p = SamplePromotions.promotion("p-1");
    store.insert(p, List.of(SamplePromotions.notification("n-z", p, T0),
        SamplePromotions.notification("n-a", p, T0),
        SamplePromotions.notification("n-m", p, T0)));

    assertThat(store.pendingNotifications(LATER, 10))
        .extracting(e -> e.notification().id().value())
        .containsExactly("n-z", "n-a", "n-m");
  }

  @Test
  void aNotificationIdAlreadyWaitingKeepsItsEntry() {
    Promotion v1 = SamplePromotions.promotion("p-1");
    Notification n = SamplePromotions.notification("n-1", v1, T0);
    store.insert(v1, List.of(n));
    store.markFailed(n.id(), "down", T0.plusSeconds(60));

    store.compareAndSet(1, SamplePromotions.next(v1, "again"),
        List.of(SamplePromotions.notification("n-1", v1, T0.plusSeconds(5))));

    assertThat(store.pendingNotifications(LATER, 10)).containsExactly(
        new PendingNotification(n, 1, T0.plusSeconds(60), Optional.of("down")));
  }

  @Test
  void markFailedOfAnUnknownIdIsIgnored() {
    store.markFailed(NotificationId.of("nope"), "down", T0);

    assertThat(store.pendingNotifications(LATER, 10)).isEmpty();
  }

  @Test
  void zeroLimitAnswersNothingAndNegativeIsRefused() {
    Promotion p = SamplePromotions.promotion("p-1");
    store.insert(p, List.of(SamplePromotions.notification("n-1", p, T0)));

    assertThat(store.pendingNotifications(LATER, 0)).isEmpty();
    assertInvalid(() -> store.pendingNotifications(LATER, -1));
  }

  @Test
  void queryOfAnEmptyStoreIsAnEmptyPage() {
    assertThat(store.query(PromotionQuery.of(PROJECT)).items()).isEmpty();
    assertThat(store.query(PromotionQuery.of(PROJECT)).total()).isZero();
  }

  @Test
  void insertAndCompareAndSetOutcomesAreValuesNotExceptions() {
    Promotion v1 = SamplePromotions.promotion("p-1");

    assertThat(store.insert(v1, List.of())).isEqualTo(InsertResult.INSERTED);
    assertThat(store.insert(v1, List.of())).isEqualTo(InsertResult.DUPLICATE_ID);
    assertThat(store.compareAndSet(4, v1.toBuilder().version(5).build(), List.of()))
        .isEqualTo(CasResult.VERSION_MISMATCH);
  }

  private static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOfSatisfying(BatonException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
  }
}

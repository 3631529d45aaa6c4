package dev.baton.jdbc;

import static dev.baton.testkit.SamplePromotions.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.model.CasResult;
import dev.baton.model.InsertResult;
import dev.baton.model.NotificationId;
import dev.baton.model.PendingNotification;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.spi.PromotionStore;
import dev.baton.testkit.SamplePromotions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The delete of a delivered notification that the store took itself waits for its next take (or
 * a moment, or the store's close), and is gone for every reader meanwhile: for this store, which
 * leaves it out, and for another, which sees it taken. Any other delete happens at once. The
 * tests look at the table itself, so they hold whether the next take or the timer deleted it.
 */
class PostgresDeliveredDeletesTest {
  private static final Instant LATER = T0.plus(Duration.ofMinutes(1));

  private String schema;
  private PostgresStores one;
  private PostgresStores two;

  @BeforeEach
  void openTwoInstances() {
    schema = TestDatabase.freshSchemaName();
    one = PostgresStores.on(TestDatabase.dataSource()).schema(schema).open();
    two = PostgresStores.on(TestDatabase.dataSource()).schema(schema).open();
    Promotion p = SamplePromotions.promotion("p-1");
    one.promotions().insert(p, List.of(SamplePromotions.notification("n-1", p, T0),
        SamplePromotions.notification("n-2", p, T0.plusSeconds(1)),
        SamplePromotions.notification("n-3", p, T0.plusSeconds(2))));
  }

  @AfterEach
  void close() {
    one.close();
    two.close();
  }

  @Test
  void aDeliveryThisStoreTookIsGoneForEveryReaderAndDeletedByTheNextTake() throws SQLException {
    PromotionStore store = one.promotions();
    assertThat(store.takeDelivery(NotificationId.of("n-1"), T0, LATER)).isTrue();
    store.markDelivered(NotificationId.of("n-1"));

    assertThat(ids(store.pendingNotifications(LATER, 10))).containsExactly("n-2", "n-3");
    assertThat(ids(two.promotions().pendingNotifications(T0.plusSeconds(5), 10)))
        .containsExactly("n-2", "n-3");
    assertThat(store.takeDelivery(NotificationId.of("n-1"), LATER, LATER)).isFalse();
    store.markFailed(NotificationId.of("n-1"), "too late", T0);
    assertThat(store.takeDelivery(NotificationId.of("n-2"), T0.plusSeconds(5), LATER)).isTrue();
    assertThat(stored()).containsExactly("n-2", "n-3");
  }

  @Test
  void closingTheStoreDeletesWhatWaits() throws SQLException {
    PromotionStore store = one.promotions();
    assertThat(store.takeDelivery(NotificationId.of("n-1"), T0, LATER)).isTrue();
    store.markDelivered(NotificationId.of("n-1"));
    one.close();

    assertThat(stored()).containsExactly("n-2", "n-3");
    // closed: a later delete is at once
    PromotionStore other = two.promotions();
    assertThat(other.takeDelivery(NotificationId.of("n-2"), T0.plusSeconds(5), LATER)).isTrue();
    two.close();
    other.markDelivered(NotificationId.of("n-2"));
    assertThat(stored()).containsExactly("n-3");
  }

  @Test
  void closingAStoreWhoseTimerWouldWaitTenMinutesDeletesWhatWaits() throws SQLException {
    // only close() can delete here: the timer waits far longer than the test
    PostgresPromotionStore store = new PostgresPromotionStore(
        new Database(TestDatabase.dataSource(), schema), Duration.ofMinutes(10),
        System::nanoTime);
    assertThat(store.takeDelivery(NotificationId.of("n-1"), T0, T0.plus(Duration.ofHours(2))))
        .isTrue();
    store.markDelivered(NotificationId.of("n-1"));
    assertThat(stored()).containsExactly("n-1", "n-2", "n-3");

    store.close();
    assertThat(stored()).containsExactly("n-2", "n-3");
  }

  @Test
  void aDeleteWithoutThisStoresLongTakeIsAtOnce() throws SQLException {
    PromotionStore store = one.promotions();
    store.markDelivered(NotificationId.of("n-1"));
    assertThat(stored()).containsExactly("n-2", "n-3");

    // taken by the other store
    assertThat(two.promotions().takeDelivery(NotificationId.of("n-2"), T0.plusSeconds(5), LATER))
        .isTrue();
    store.markDelivered(NotificationId.of("n-2"));
    assertThat(stored()).containsExactly("n-3");

    // a hold shorter than two seconds
    assertThat(store.takeDelivery(NotificationId.of("n-3"), T0.plusSeconds(5),
        T0.plusSeconds(6))).isTrue();
    store.markDelivered(NotificationId.of("n-3"));
    assertThat(stored()).isEmpty();
  }

  @Test
  void aNotificationStoredAgainWhileItsDeleteWaitsIsKept() throws SQLException {
    PromotionStore store = one.promotions();
    assertThat(store.takeDelivery(NotificationId.of("n-1"), T0, LATER)).isTrue();
    store.markDelivered(NotificationId.of("n-1"));
    Promotion p = SamplePromotions.promotion("p-2");
    store.insert(p, List.of(SamplePromotions.notification("n-1", p, T0.plusSeconds(3))));

    assertThat(ids(store.pendingNotifications(LATER, 10))).containsExactly("n-2", "n-3", "n-1");
    assertThat(stored()).containsExactly("n-1", "n-2", "n-3");
  }

  @Test
  void waitingDeletesRideOnTheStoresNextWriteOfAPromotion() throws SQLException {
    // a wait far longer than the test: only a statement riding along can delete
    PostgresPromotionStore store = new PostgresPromotionStore(
        new Database(TestDatabase.dataSource(), schema), Duration.ofMinutes(10),
        System::nanoTime);
    Instant hold = T0.plus(Duration.ofHours(2));
    try {
      Promotion p = one.promotions().find(PromotionId.of("p-1")).orElseThrow();
      assertThat(store.takeDelivery(NotificationId.of("n-1"), T0, hold)).isTrue();
      store.markDelivered(NotificationId.of("n-1"));
      assertThat(stored()).containsExactly("n-1", "n-2", "n-3");
      assertThat(ids(store.pendingNotifications(LATER, 10))).containsExactly("n-2", "n-3");

      // on a compare-and-set that applies
      Promotion next = SamplePromotions.next(p, "second");
      assertThat(store.compareAndSet(1, next, List.of())).isEqualTo(CasResult.APPLIED);
      assertThat(stored()).containsExactly("n-2", "n-3");

      // on one that does not
      assertThat(store.takeDelivery(NotificationId.of("n-2"), T0.plusSeconds(1), hold)).isTrue();
      store.markDelivered(NotificationId.of("n-2"));
      assertThat(stored()).containsExactly("n-2", "n-3");
      assertThat(store.compareAndSet(1, next, List.of()))
          .isEqualTo(CasResult.VERSION_MISMATCH);
      assertThat(stored()).containsExactly("n-3");

      // on an insert, beside the notifications it stores
      assertThat(store.takeDelivery(NotificationId.of("n-3"), T0.plusSeconds(2), hold)).isTrue();
      store.markDelivered(NotificationId.of("n-3"));
      Promotion other = SamplePromotions.promotion("p-2");
      assertThat(store.insert(other, List.of(SamplePromotions.notification("n-4", other, T0),
          SamplePromotions.notification("n-5", other, T0)))).isEqualTo(InsertResult.INSERTED);
      assertThat(stored()).containsExactly("n-4", "n-5");

      // not when the write stores a notification of the same id: that one is kept
      assertThat(store.takeDelivery(NotificationId.of("n-4"), T0, hold)).isTrue();
      store.markDelivered(NotificationId.of("n-4"));
      assertThat(store.compareAndSet(2, SamplePromotions.next(next, "third"),
          List.of(SamplePromotions.notification("n-4", p, T0.plusSeconds(3)))))
          .isEqualTo(CasResult.APPLIED);
      assertThat(stored()).containsExactly("n-4", "n-5");
      assertThat(ids(store.pendingNotifications(LATER, 10))).containsExactly("n-5", "n-4");
    } finally {
      store.close();
    }
  }

  private List<String> stored() throws SQLException {
    List<String> ids = new ArrayList<>();
    try (Connection c = TestDatabase.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT id FROM \"" + schema
            + "\".baton_notification ORDER BY id")) {
      while (r.next()) {
        ids.add(r.getString(1));
      }
    }
    return ids;
  }

  private static List<String> ids(List<PendingNotification> pending) {
    return pending.stream().map(n -> n.notification().id().value()).toList();
  }
}

package dev.baton.memory;

import static dev.baton.testkit.SamplePromotions.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.model.Notification;
import dev.baton.model.NotificationId;
import dev.baton.model.PendingNotification;
import dev.baton.model.Promotion;
import dev.baton.testkit.SamplePromotions;
import dev.baton.testkit.random.Gen;
import dev.baton.testkit.random.Property;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The in-memory outbox taken in batches, against a plain list that does each step the simplest
 * way (filter the due ones, sort them by creation time and order stored, change the entries
 * taken): random runs of stores (some created before notifications stored earlier), batch takes,
 * single takes, give-backs (some of them stale: after a later take, a failure or a delivery),
 * deliveries and failures, with the clock moving forwards. Every answer and the whole outbox
 * after every step must agree.
 */
class InMemoryOutboxBatchesTest {
  private static final Instant FAR_FUTURE = T0.plus(Duration.ofDays(3650));

  @Test
  void batchesAgreeWithAPlainListOnRandomRuns() {
    Property.forAll(Gen.listOf(Gen.choose(0, 1_000_000), 1, 120)).runs(400)
        .baseSeed(20_261_130L).check(InMemoryOutboxBatchesTest::agrees);
  }

  @Test
  void aGiveBackAfterALaterTakeChangesNothing() {
    InMemoryPromotionStore store = new InMemoryPromotionStore();
    Promotion p = SamplePromotions.promotion("p-1");
    Notification n = SamplePromotions.notification("n-1", p, T0);
    store.insert(p, List.of(n));
    Instant firstUntil = T0.plusSeconds(60);
    Instant secondUntil = firstUntil.plusSeconds(60);

    PendingNotification first = store.takeDueNotifications(T0, firstUntil, 10).get(0);
    List<PendingNotification> second = store.takeDueNotifications(firstUntil, secondUntil, 10);
    store.releaseDelivery(first, firstUntil);

    assertThat(second).containsExactly(new PendingNotification(n, 0, firstUntil,
        Optional.empty()));
    assertThat(store.pendingNotifications(secondUntil.minusSeconds(1), 10)).isEmpty();
    store.releaseDelivery(second.get(0), secondUntil);
    assertThat(store.pendingNotifications(firstUntil, 10)).containsExactly(second.get(0));
  }

  /** Runs the steps the numbers choose on the store and on the plain list; true if they agree. */
  private static boolean agrees(List<Integer> steps) {
    InMemoryPromotionStore store = new InMemoryPromotionStore();
    Plain plain = new Plain();
    Promotion about = SamplePromotions.promotion("p-0");
    store.insert(about, List.of());
    List<PendingNotification> takenAt = new ArrayList<>();
    List<Instant> heldUntil = new ArrayList<>();
    Instant now = T0;
    int made = 0;
    for (int step : steps) {
      int kind = step % 8;
      int arg = step / 8;
      switch (kind) {
        case 0, 1 -> {
          // created up to a minute before or after now, so the outbox is not always in order
          Instant created = now.plusSeconds(arg % 120 - 60);
          List<Notification> batch = new ArrayList<>();
          for (int i = 0; i <= arg % 3; i++) {
            batch.add(SamplePromotions.notification("n-" + made++, about, created));
          }
          Promotion p = SamplePromotions.promotion("p-" + made);
          store.insert(p, batch);
          batch.forEach(plain::store);
        }
        case 2 -> {
          Instant until = now.plusSeconds(1 + arg % 300);
          int limit = arg % 5;
          List<PendingNotification> taken = store.takeDueNotifications(now, until, limit);
          if (!taken.equals(plain.take(now, until, limit))) {
            return false;
          }
          for (PendingNotification t : taken) {
            takenAt.add(t);
            heldUntil.add(until);
          }
        }
        case 3 -> {
          if (!takenAt.isEmpty()) {
            int k = arg % takenAt.size();
            store.releaseDelivery(takenAt.get(k), heldUntil.get(k));
            plain.release(takenAt.get(k), heldUntil.get(k));
          }
        }
        case 4 -> {
          NotificationId id = NotificationId.of("n-" + (made == 0 ? 0 : arg % made));
          Instant until = now.plusSeconds(1 + arg % 300);
          if (store.takeDelivery(id, now, until) != plain.takeOne(id, now, until)) {
            return false;
          }
        }
        case 5 -> {
          NotificationId id = NotificationId.of("n-" + (made == 0 ? 0 : arg % made));
          store.markDelivered(id);
          plain.delivered(id);
        }
        case 6 -> {
          NotificationId id = NotificationId.of("n-" + (made == 0 ? 0 : arg % made));
          Instant retryAt = now.plusSeconds(arg % 200);
          store.markFailed(id, "down " + arg, retryAt);
          plain.failed(id, "down " + arg, retryAt);
        }
        default -> now = now.plusSeconds(arg % 90);
      }
      // a read leaves every hold as it is (it does not fold a hold into the stored entry), so
      // comparing the whole outbox here does not hide from the next step a hold that ran out
      if (!store.pendingNotifications(FAR_FUTURE, 1_000).equals(plain.due(FAR_FUTURE, 1_000))
          || !store.pendingNotifications(now, 2).equals(plain.due(now, 2))) {
        return false;
      }
    }
    return true;
  }

  /** The outbox as a list of entries, each step done the simplest way. */
  private static final class Plain {
    private final List<Row> rows = new ArrayList<>();
    private long stored;

    void store(Notification n) {
      if (find(n.id()) == null) {
        rows.add(new Row(PendingNotification.fresh(n), stored++));
      }
    }

    List<PendingNotification> due(Instant now, int limit) {
      return dueRows(now, limit).stream().map(r -> r.pending).toList();
    }

    List<PendingNotification> take(Instant now, Instant until, int limit) {
      List<Row> due = dueRows(now, limit);
      List<PendingNotification> answer = due.stream().map(r -> r.pending).toList();
      due.forEach(r -> r.pending = due(r.pending, until));
      return answer;
    }

    boolean takeOne(NotificationId id, Instant now, Instant until) {
      Row r = find(id);
      if (r == null || r.pending.nextAttemptAt().isAfter(now)) {
        return false;
      }
      r.pending = due(r.pending, until);
      return true;
    }

    void release(PendingNotification taken, Instant until) {
      Row r = find(taken.notification().id());
      if (r != null && r.pending.nextAttemptAt().equals(until)
          && r.pending.attempts() == taken.attempts()) {
        r.pending = due(r.pending, taken.nextAttemptAt());
      }
    }

    void delivered(NotificationId id) {
      rows.removeIf(r -> r.pending.notification().id().equals(id));
    }

    void failed(NotificationId id, String error, Instant retryAt) {
      Row r = find(id);
      if (r != null) {
        r.pending = new PendingNotification(r.pending.notification(), r.pending.attempts() + 1,
            retryAt, Optional.of(error));
      }
    }

    private static PendingNotification due(PendingNotification p, Instant at) {
      return new PendingNotification(p.notification(), p.attempts(), at, p.lastError());
    }

    private List<Row> dueRows(Instant now, int limit) {
      return rows.stream().filter(r -> !r.pending.nextAttemptAt().isAfter(now))
          .sorted(Comparator.comparing((Row r) -> r.pending.notification().createdAt())
              .thenComparingLong(r -> r.order))
          .limit(limit).toList();
    }

    private Row find(NotificationId id) {
      return rows.stream().filter(r -> r.pending.notification().id().equals(id)).findFirst()
          .orElse(null);
    }
  }

  private static final class Row {
    PendingNotification pending;
    final long order;

    Row(PendingNotification pending, long order) {
      this.pending = pending;
      this.order = order;
    }
  }
}

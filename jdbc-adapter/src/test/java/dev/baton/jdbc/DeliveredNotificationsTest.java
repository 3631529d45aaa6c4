package dev.baton.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The waiting deletes of delivered notifications around {@code close()}: a delete riding on a
 * statement when the store closes, and failing, is flushed by the close rather than left until
 * its hold ends.
 */
class DeliveredNotificationsTest {
  private static final Duration HOLD = Duration.ofHours(2);

  @Test
  void closeWaitsForARidingDeleteSoThatOneThatFailsIsFlushedByTheClose() throws Exception {
    AtomicInteger timed = new AtomicInteger();
    // a wait far longer than the test: the timer never flushes
    DeliveredNotifications delivered =
        new DeliveredNotifications(timed::incrementAndGet, Duration.ofMinutes(10));
    delivered.taken("n-1", HOLD);
    assertThat(delivered.defer("n-1")).isTrue();
    List<String> riding = delivered.drain();
    assertThat(riding).containsExactly("n-1");

    // the store's close: the delivered close, then a flush of what waits
    List<String> flushed = new ArrayList<>();
    Thread closing = new Thread(() -> {
      delivered.close();
      flushed.addAll(delivered.drain());
    });
    closing.start();
    closing.join(200);
    assertThat(closing.isAlive()).as("close waits for the delete under way").isTrue();
    delivered.restore(riding); // the statement it rode on failed
    closing.join(10_000);

    assertThat(closing.isAlive()).isFalse();
    assertThat(flushed).containsExactly("n-1");
    assertThat(timed).hasValue(0);
  }

  @Test
  void closeReturnsOnceTheRidingDeleteCommitted() throws Exception {
    DeliveredNotifications delivered =
        new DeliveredNotifications(() -> { }, Duration.ofMinutes(10));
    delivered.taken("n-1", HOLD);
    assertThat(delivered.defer("n-1")).isTrue();
    List<String> riding = delivered.drain();
    Thread closing = new Thread(delivered::close);
    closing.start();
    closing.join(200);
    assertThat(closing.isAlive()).isTrue();
    delivered.deleted(riding);
    closing.join(10_000);

    assertThat(closing.isAlive()).isFalse();
    assertThat(delivered.drain()).isEmpty();
    assertThat(delivered.contains("n-1")).isFalse();
    // closed: a later delete is at once
    delivered.taken("n-2", HOLD);
    assertThat(delivered.defer("n-2")).isFalse();
  }

  @Test
  void closeWithNothingUnderWayReturnsAtOnce() {
    DeliveredNotifications delivered =
        new DeliveredNotifications(() -> { }, Duration.ofMinutes(10));
    delivered.taken("n-1", HOLD);
    assertThat(delivered.defer("n-1")).isTrue();
    long start = System.nanoTime();
    delivered.close();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(delivered.drain()).containsExactly("n-1");
  }
}

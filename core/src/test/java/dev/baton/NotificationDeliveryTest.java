package dev.baton;

import static dev.baton.World.SHOP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.memory.InMemoryDeployer;
import dev.baton.model.Notification;
import dev.baton.model.NotificationId;
import dev.baton.model.PendingNotification;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionQuery;
import dev.baton.model.PromotionStatus;
import dev.baton.model.UserId;
import dev.baton.spi.Notifier;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NotificationDeliveryTest {

  /** Fails about half of its calls, from a seed so a failure replays. */
  static final class FlakyNotifier implements Notifier {
    final Random random;
    final List<Notification> received = new CopyOnWriteArrayList<>();
    int failures;

    FlakyNotifier(long seed) {
      random = new Random(seed);
    }

    @Override
    public synchronized void deliver(Notification notification) {
      if (random.nextBoolean()) {
        failures++;
        throw new IllegalStateException("mail server said no");
      }
      received.add(notification);
    }
  }

  @Test
  void aNotifierFailingHalfTheTimeStillGetsEverythingAndLosesNoPromotion() {
    long seed = 20261122L;
    FlakyNotifier notifier = new FlakyNotifier(seed);
    try (World world = World.create(new InMemoryDeployer(), notifier, b -> { })) {
      int promotions = 30;
      for (int i = 0; i < promotions; i++) {
        world.newBuild(World.STAGING);
        Promotion p = world.promotions().request(PromotionRequest.of("shop", "staging",
            "production", "alice"));
        if (i % 3 == 0) {
          world.promotions().reject(p.id(), UserId.of("bob"), "no");
        } else {
          world.promotions().approve(p.id(), UserId.of("bob"), "");
          world.promotions().approve(p.id(), UserId.of("carol"), "");
        }
        world.clock.advance(Duration.ofSeconds(1));
      }
      for (int pass = 0; pass < 200 && !undelivered(world).isEmpty(); pass++) {
        world.clock.advance(Duration.ofHours(1));
        world.baton.notifications().deliverDue();
      }
      assertThat(notifier.failures).as("seed %d", seed).isGreaterThan(10);
      List<Promotion> all = world.store.query(PromotionQuery.of(SHOP).withPage(0, 100)).items();
      assertThat(all).hasSize(promotions);
      assertThat(all).filteredOn(p -> p.status() == PromotionStatus.REJECTED).hasSize(10);
      assertThat(all).filteredOn(p -> p.status() == PromotionStatus.PENDING_RELEASE).hasSize(20);
      Set<NotificationId> ids = new HashSet<>();
      notifier.received.forEach(n -> ids.add(n.id()));
      // submitted for all 30; rejected for 10; approved + pending release for 20
      assertThat(ids).as("seed %d", seed).hasSize(30 + 10 + 20 * 2);
      assertThat(undelivered(world)).isEmpty();
    }
  }

  @Test
  void anOperationWaitsForAtMostOneSickNotifierCall() {
    AtomicInteger calls = new AtomicInteger();
    Notifier sick = n -> {
      calls.incrementAndGet();
      throw new IllegalStateException("webhook down");
    };
    try (World world = World.create(new InMemoryDeployer(), sick, b -> { })) {
      for (int i = 0; i < 5; i++) {
        world.promotions().request(PromotionRequest.of("shop", "staging", "production",
            "alice"));
      }
      world.clock.advance(Duration.ofDays(1));
      assertThat(undelivered(world)).hasSize(5);
      calls.set(0);
      world.promotions().request(PromotionRequest.of("shop", "staging", "production", "alice"));
      assertThat(calls.get()).as("notifier calls during one request").isEqualTo(1);
      calls.set(0);
      assertThat(world.baton.notifications().deliverDue()).isZero();
      assertThat(calls.get()).as("an explicit pass tries everything due").isEqualTo(5);
    }
  }

  @Test
  void twoEnginesDeliveringOneOutboxCallTheNotifierOncePerNotification() throws Exception {
    Map<NotificationId, AtomicInteger> calls = new ConcurrentHashMap<>();
    AtomicBoolean down = new AtomicBoolean(true);
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch gate = new CountDownLatch(1);
    Notifier slow = n -> {
      if (down.get()) {
        throw new IllegalStateException("webhook down");
      }
      calls.computeIfAbsent(n.id(), id -> new AtomicInteger()).incrementAndGet();
      if (entered.getCount() > 0) {
        entered.countDown();
        try {
          gate.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
    try (World world = World.create(new InMemoryDeployer(), slow,
        b -> b.notificationTimeout(Duration.ofSeconds(30)))) {
      for (int i = 0; i < 3; i++) {
        world.promotions().request(PromotionRequest.of("shop", "staging", "production",
            "alice"));
      }
      world.clock.advance(Duration.ofDays(1));
      int stored = undelivered(world).size();
      assertThat(stored).isPositive();
      down.set(false);
      try (Baton peer = world.engine("engine-2", b -> b.notificationTimeout(
          Duration.ofSeconds(30)), world.store, world.environments, world.deployer, slow)) {
        Thread first = new Thread(() -> world.baton.notifications().deliverDue());
        first.start();
        entered.await();
        // engine-1 is inside the notifier with one notification; engine-2 delivers the rest
        peer.notifications().deliverDue();
        gate.countDown();
        first.join();
      }
      assertThat(calls).hasSize(stored);
      assertThat(calls.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
      assertThat(undelivered(world)).isEmpty();
    }
  }

  private static List<PendingNotification> undelivered(World world) {
    return world.store.pendingNotifications(world.clock.instant().plus(Duration.ofDays(1)), 100);
  }

  @Test
  void aHangingNotifierTimesOutAndIsRetriedWhileThePromotionGoesOn() throws Exception {
    CountDownLatch released = new CountDownLatch(1);
    Set<NotificationId> delivered = ConcurrentHashMap.newKeySet();
    Notifier hanging = n -> {
      if (released.getCount() > 0) {
        try {
          released.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while hanging");
        }
      }
      delivered.add(n.id());
    };
    try (World world = World.create(new InMemoryDeployer(), hanging,
        b -> b.notificationTimeout(Duration.ofMillis(50)))) {
      Promotion p = world.promotions().request(PromotionRequest.of("shop", "dev", "staging",
          "alice"));
      assertThat(p.status()).isEqualTo(PromotionStatus.COMPLETED);
      assertThat(delivered).isEmpty();
      assertThat(undelivered(world)).hasSize(3)
          .allSatisfy(n -> assertThat(n.attempts()).isPositive());

      released.countDown();
      world.clock.advance(Duration.ofHours(2));
      assertThat(world.baton.notifications().deliverDue()).isEqualTo(3);
      assertThat(delivered).hasSize(3);
    }
  }
}

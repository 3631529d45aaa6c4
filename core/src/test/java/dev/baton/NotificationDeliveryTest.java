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
import dev.baton.spi.ForwardingPromotionStore;
import dev.baton.spi.Notifier;
import dev.baton.spi.PromotionStore;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class NotificationDeliveryTest {
  /** A call of the notifier may take 30 s; a single take is held 60 s, a batch 2 minutes. */
  private static final Consumer<Baton.Builder> THIRTY_SECOND_CALLS =
      b -> b.notificationTimeout(Duration.ofSeconds(30));

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

  /**
   * Two engines on one outbox through a store that does not batch (a
   * {@link ForwardingPromotionStore} answers {@code takesDueInBatches} false): each reads the due
   * notifications and takes one at a time right before calling the notifier, so while engine-1
   * is inside the notifier with the oldest, engine-2 takes and delivers the rest.
   */
  @Test
  void twoEnginesTakingOneAtATimeShareTheOutboxAndCallTheNotifierOncePerNotification()
      throws Throwable {
    Map<NotificationId, AtomicInteger> calls = new ConcurrentHashMap<>();
    AtomicBoolean down = new AtomicBoolean(true);
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch gate = new CountDownLatch(1);
    Notifier slow = countingAndHoldingTheFirstCall(calls, down, entered, gate);
    try (World world = World.create(new InMemoryDeployer(), slow, THIRTY_SECOND_CALLS)) {
      int stored = storeUndelivered(world, down);
      PromotionStore oneAtATime = new ForwardingPromotionStore(world.store) { };
      AtomicInteger firstDelivered = new AtomicInteger();
      try (Baton first = engine(world, "engine-1-unbatched", oneAtATime, slow);
          Baton peer = engine(world, "engine-2-unbatched", oneAtATime, slow)) {
        beside(() -> firstDelivered.set(first.notifications().deliverDue()), gate, () -> {
          assertThat(entered.await(30, TimeUnit.SECONDS)).as("engine-1 in the notifier").isTrue();
          assertThat(peer.notifications().deliverDue()).as("delivered by engine-2")
              .isEqualTo(stored - 1);
        });
      }
      assertThat(firstDelivered.get()).as("delivered by engine-1").isEqualTo(1);
      assertCalledOncePerNotification(world, calls, stored);
    }
  }

  /**
   * The same on the in-memory store as it is, which takes in batches: engine-1 takes every due
   * notification in one step before it calls the notifier, so while it is inside the notifier
   * with the first, engine-2 finds nothing due and delivers nothing; engine-1 delivers them all.
   */
  @Test
  void aPeerDeliversNothingWhileAnotherEngineHoldsTheBatch() throws Throwable {
    Map<NotificationId, AtomicInteger> calls = new ConcurrentHashMap<>();
    AtomicBoolean down = new AtomicBoolean(true);
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch gate = new CountDownLatch(1);
    Notifier slow = countingAndHoldingTheFirstCall(calls, down, entered, gate);
    try (World world = World.create(new InMemoryDeployer(), slow, THIRTY_SECOND_CALLS)) {
      int stored = storeUndelivered(world, down);
      assertThat(world.store.takesDueInBatches()).isTrue();
      AtomicInteger firstDelivered = new AtomicInteger();
      try (Baton peer = engine(world, "engine-2", world.store, slow)) {
        beside(() -> firstDelivered.set(world.baton.notifications().deliverDue()), gate, () -> {
          assertThat(entered.await(30, TimeUnit.SECONDS)).as("engine-1 in the notifier").isTrue();
          assertThat(peer.notifications().deliverDue()).as("delivered by engine-2").isZero();
          assertThat(calls).as("called while engine-1 holds the batch").hasSize(1);
        });
      }
      assertThat(firstDelivered.get()).as("delivered by engine-1").isEqualTo(stored);
      assertCalledOncePerNotification(world, calls, stored);
    }
  }

  /**
   * On the batching store, engine-1's hold on its batch runs out (the clock moves past it) after
   * its first delivery: engine-2 then takes and delivers the rest, and engine-1, finding less
   * than a single take's hold left of its batch, calls no more. Engine-1 is paused between two
   * calls (right after recording the first delivery), not inside the notifier: a call still
   * running when its hold ends would be taken and made again by engine-2. That is the
   * at-least-once a hold of twice the call's time limit keeps a real clock from reaching.
   */
  @Test
  void whenABatchsHoldRunsOutAPeerDeliversTheRestOnce() throws Throwable {
    Map<NotificationId, AtomicInteger> calls = new ConcurrentHashMap<>();
    AtomicBoolean down = new AtomicBoolean(true);
    Notifier counting = n -> {
      if (down.get()) {
        throw new IllegalStateException("webhook down");
      }
      calls.computeIfAbsent(n.id(), id -> new AtomicInteger()).incrementAndGet();
    };
    CountDownLatch paused = new CountDownLatch(1);
    CountDownLatch resume = new CountDownLatch(1);
    try (World world = World.create(new InMemoryDeployer(), counting, THIRTY_SECOND_CALLS)) {
      int stored = storeUndelivered(world, down);
      // the in-memory store, still taken from in batches, pausing engine-1 after its first
      // delivery is recorded
      PromotionStore pausing = new ForwardingPromotionStore(world.store) {
        @Override
        public boolean takesDueInBatches() {
          return delegate().takesDueInBatches();
        }

        @Override
        public void markDelivered(NotificationId id) {
          super.markDelivered(id);
          if (paused.getCount() > 0) {
            paused.countDown();
            try {
              resume.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        }
      };
      AtomicInteger firstDelivered = new AtomicInteger();
      try (Baton first = engine(world, "engine-1-paused", pausing, counting);
          Baton peer = engine(world, "engine-2", world.store, counting)) {
        beside(() -> firstDelivered.set(first.notifications().deliverDue()), resume, () -> {
          assertThat(paused.await(30, TimeUnit.SECONDS)).as("engine-1 paused").isTrue();
          assertThat(peer.notifications().deliverDue()).as("delivered by engine-2 in the hold")
              .isZero();
          // a batch is held for twice a single take's hold of twice the time limit: 2 minutes
          world.clock.advance(Duration.ofMinutes(2).plusSeconds(1));
          assertThat(peer.notifications().deliverDue()).as("delivered by engine-2 after it")
              .isEqualTo(stored - 1);
        });
      }
      assertThat(firstDelivered.get()).as("delivered by engine-1").isEqualTo(1);
      assertCalledOncePerNotification(world, calls, stored);
    }
  }

  /**
   * Requests three promotions while the notifier is down, moves the clock until their
   * notifications are due again, and brings the notifier up; returns how many wait.
   */
  private static int storeUndelivered(World world, AtomicBoolean down) {
    for (int i = 0; i < 3; i++) {
      world.promotions().request(PromotionRequest.of("shop", "staging", "production", "alice"));
    }
    world.clock.advance(Duration.ofDays(1));
    int stored = undelivered(world).size();
    assertThat(stored).as("notifications waiting").isGreaterThan(1);
    down.set(false);
    return stored;
  }

  /**
   * Fails while {@code down}; otherwise counts the call, and the first call counted stays inside
   * the notifier (after {@code entered}) until {@code gate} opens.
   */
  private static Notifier countingAndHoldingTheFirstCall(Map<NotificationId, AtomicInteger> calls,
      AtomicBoolean down, CountDownLatch entered, CountDownLatch gate) {
    return n -> {
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
  }

  private static Baton engine(World world, String instanceId, PromotionStore store,
      Notifier notifier) {
    return world.engine(instanceId, THIRTY_SECOND_CALLS, store, world.environments,
        world.deployer, notifier);
  }

  /**
   * Runs {@code pass} (engine-1's) on a thread of its own and {@code meanwhile} (the checks of
   * engine-2) on this one, then opens {@code release} for the pass and waits for it to end.
   */
  private static void beside(Runnable pass, CountDownLatch release, Executable meanwhile)
      throws Throwable {
    Thread thread = new Thread(pass);
    thread.start();
    try {
      meanwhile.execute();
    } finally {
      release.countDown();
      thread.join(30_000);
    }
  }

  private static void assertCalledOncePerNotification(World world,
      Map<NotificationId, AtomicInteger> calls, int stored) {
    assertThat(calls).hasSize(stored);
    assertThat(calls.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    assertThat(undelivered(world)).isEmpty();
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

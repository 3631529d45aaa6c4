package dev.baton;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.memory.InMemoryDeployer;
import dev.baton.model.NotificationId;
import dev.baton.model.PendingNotification;
import dev.baton.spi.ForwardingPromotionStore;
import dev.baton.spi.Notifier;
import dev.baton.spi.PromotionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The engine's delivery on a store that takes due notifications in batches: the outbox is taken
 * a batch at a time (never read and taken one by one), each notification is delivered once, and
 * what a pass took and did not try is given back.
 */
class BatchedOutboxDeliveryTest {

  /**
   * The in-memory store, which takes in batches itself: answering {@code takesDueInBatches}
   * here only keeps the engine on its batch path through this decorator (a
   * {@link ForwardingPromotionStore} answers {@code false}), so the test can count and record the
   * calls.
   */
  static final class BatchingStore extends ForwardingPromotionStore {
    final AtomicInteger batches = new AtomicInteger();
    final AtomicInteger reads = new AtomicInteger();
    final AtomicInteger singleTakes = new AtomicInteger();
    final List<NotificationId> takenInBatches = new CopyOnWriteArrayList<>();
    final List<NotificationId> givenBack = new CopyOnWriteArrayList<>();
    final Map<NotificationId, Instant> heldUntil = new ConcurrentHashMap<>();

    BatchingStore(PromotionStore store) {
      super(store);
    }

    /** Opts in, as a decorator that knows batches does. */
    @Override
    public boolean takesDueInBatches() {
      return true;
    }

    @Override
    public List<PendingNotification> takeDueNotifications(Instant now, Instant until,
        int limit) {
      batches.incrementAndGet();
      // forwarded: the in-memory store's own batch take, which the counters here do not see
      List<PendingNotification> taken = super.takeDueNotifications(now, until, limit);
      taken.forEach(p -> {
        takenInBatches.add(p.notification().id());
        heldUntil.put(p.notification().id(), until);
      });
      return taken;
    }

    /**
     * Records the give-back and does not forward it, so the in-memory store keeps the take until
     * its hold ends.
     */
    @Override
    public void releaseDelivery(PendingNotification pending, Instant until) {
      givenBack.add(pending.notification().id());
    }

    @Override
    public List<PendingNotification> pendingNotifications(Instant now, int limit) {
      reads.incrementAndGet();
      return super.pendingNotifications(now, limit);
    }

    @Override
    public boolean takeDelivery(NotificationId id, Instant now, Instant until) {
      singleTakes.incrementAndGet();
      return super.takeDelivery(id, now, until);
    }
  }

  @Test
  void everyNotificationIsDeliveredOnceThroughBatches() {
    List<NotificationId> told = new CopyOnWriteArrayList<>();
    Notifier notifier = n -> told.add(n.id());
    try (World world = World.create(new InMemoryDeployer(), notifier, b -> { })) {
      BatchingStore store = new BatchingStore(world.store);
      try (Baton engine = engine(world, store, notifier, b -> { })) {
        for (int i = 0; i < 3; i++) {
          world.newBuild(World.STAGING);
          var p = engine.promotions().request(PromotionRequest.of("shop", "staging",
              "production", "alice"));
          engine.promotions().approve(p.id(), World.BOB, "");
          engine.promotions().approve(p.id(), World.CAROL, "");
          world.clock.advance(Duration.ofSeconds(1));
        }
        engine.notifications().deliverDue();

        assertThat(store.batches).as("batches taken").hasPositiveValue();
        assertThat(store.reads).as("outbox reads of the engine's own").hasValue(0);
        assertThat(store.singleTakes).as("single takes").hasValue(0);
        // submitted, approved and pending release for each of the three
        assertThat(told).doesNotHaveDuplicates().hasSize(9)
            .containsExactlyInAnyOrderElementsOf(store.takenInBatches);
        assertThat(store.givenBack).isEmpty();
        assertThat(world.store.pendingNotifications(world.clock.instant().plus(
            Duration.ofDays(1)), 100)).as("nothing left behind").isEmpty();
      }
    }
  }

  @Test
  void aPassStoppedByAFailureGivesBackWhatItTookAndDidNotTry() {
    AtomicInteger calls = new AtomicInteger();
    List<NotificationId> tried = new CopyOnWriteArrayList<>();
    Notifier sick = n -> {
      calls.incrementAndGet();
      tried.add(n.id());
      throw new IllegalStateException("webhook down");
    };
    try (World world = World.create(new InMemoryDeployer(), n -> { }, b -> { })) {
      BatchingStore store = new BatchingStore(world.store);
      try (Baton engine = engine(world, store, sick, b -> { })) {
        for (int i = 0; i < 5; i++) {
          engine.promotions().request(PromotionRequest.of("shop", "staging", "production",
              "alice"));
        }
        world.clock.advance(Duration.ofDays(1));
        int due = world.store.pendingNotifications(world.clock.instant(), 100).size();
        assertThat(due).isEqualTo(5);
        calls.set(0);
        tried.clear();
        store.takenInBatches.clear();
        store.givenBack.clear();

        engine.promotions().request(PromotionRequest.of("shop", "staging", "production",
            "alice"));

        assertThat(calls.get()).as("notifier calls during one request").isEqualTo(1);
        assertThat(store.takenInBatches).hasSize(due + 1);
        assertThat(store.givenBack).as("taken, not tried, given back").hasSize(due)
            .doesNotContainAnyElementsOf(tried);
        assertThat(store.takenInBatches).containsAll(store.givenBack).containsAll(tried);
        assertThat(store.reads).as("outbox reads of the engine's own").hasValue(0);
        assertThat(store.singleTakes).as("single takes").hasValue(0);
      }
    }
  }

  /**
   * Slow calls: each takes half the notification timeout (5 s) of the engine's clock. A call
   * begins only while a single take's hold (twice the timeout) is left of its batch's; the rest
   * is given back for a later pass.
   */
  @Test
  void slowCallsKeepASingleTakesMargin() {
    AtomicBoolean healthy = new AtomicBoolean();
    List<NotificationId> told = new CopyOnWriteArrayList<>();
    Map<NotificationId, Instant> calledAt = new ConcurrentHashMap<>();
    try (World world = World.create(new InMemoryDeployer(), n -> { }, b -> { })) {
      Notifier slow = n -> {
        if (!healthy.get()) {
          throw new IllegalStateException("not yet");
        }
        calledAt.put(n.id(), world.clock.instant());
        world.clock.advance(Duration.ofMillis(2_500));
        told.add(n.id());
      };
      BatchingStore store = new BatchingStore(world.store);
      try (Baton engine = engine(world, store, slow, b -> { })) {
        for (int i = 0; i < 8; i++) {
          engine.promotions().request(PromotionRequest.of("shop", "staging", "production",
              "alice"));
        }
        world.clock.advance(Duration.ofDays(1));
        healthy.set(true);
        store.givenBack.clear();

        int first = engine.notifications().deliverDue();

        // calls at 0, 2.5, ... 10 s of a 20 s batch; the sixth would begin with 7.5 s left
        assertThat(first).isEqualTo(5);
        assertThat(store.givenBack).hasSize(3).doesNotContainAnyElementsOf(told);
        calledAt.forEach((id, at) -> assertThat(Duration.between(at, store.heldUntil.get(id)))
            .as("hold left when %s was called", id).isGreaterThanOrEqualTo(Duration.ofSeconds(10)));

        // the give-backs were not forwarded: the takes stay until their holds end
        world.clock.advance(Duration.ofSeconds(20));
        int second = engine.notifications().deliverDue();

        assertThat(second).isEqualTo(3);
        assertThat(told).hasSize(8).doesNotHaveDuplicates();
      }
    }
  }

  /**
   * Calls that each run into the time limit and fail: the pass tries what fits in one batch's
   * hold, gives back the rest and ends, as a pass that delivered nothing always did.
   */
  @Test
  void slowFailingCallsEndThePass() {
    AtomicBoolean down = new AtomicBoolean();
    AtomicInteger calls = new AtomicInteger();
    try (World world = World.create(new InMemoryDeployer(), n -> { }, b -> { })) {
      Notifier timingOut = n -> {
        calls.incrementAndGet();
        if (down.get()) {
          world.clock.advance(Duration.ofSeconds(5));
        }
        throw new IllegalStateException("webhook down");
      };
      BatchingStore store = new BatchingStore(world.store);
      try (Baton engine = engine(world, store, timingOut, b -> { })) {
        for (int i = 0; i < 8; i++) {
          engine.promotions().request(PromotionRequest.of("shop", "staging", "production",
              "alice"));
        }
        world.clock.advance(Duration.ofDays(1));
        down.set(true);
        calls.set(0);
        store.givenBack.clear();

        assertThat(engine.notifications().deliverDue()).isZero();

        // calls begin at 0, 5 and 10 s of a 20 s batch; the fourth would have 5 s left
        assertThat(calls.get()).isEqualTo(3);
        assertThat(store.givenBack).hasSize(5);
      }
    }
  }

  private static Baton engine(World world, PromotionStore store, Notifier notifier,
      Consumer<Baton.Builder> customize) {
    return world.engine("engine-batch", customize, store, world.environments, world.deployer,
        notifier);
  }
}

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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The engine's delivery on a store that takes due notifications in batches: the outbox is taken
 * a batch at a time (never read and taken one by one), each notification is delivered once, and
 * what a pass took and did not try is given back.
 */
class BatchedOutboxDeliveryTest {

  /** The in-memory store, answering that it takes in batches; counts and records calls. */
  static final class BatchingStore extends ForwardingPromotionStore {
    final AtomicInteger batches = new AtomicInteger();
    final AtomicInteger reads = new AtomicInteger();
    final AtomicInteger singleTakes = new AtomicInteger();
    final List<NotificationId> takenInBatches = new CopyOnWriteArrayList<>();
    final List<NotificationId> givenBack = new CopyOnWriteArrayList<>();

    BatchingStore(PromotionStore store) {
      super(store);
    }

    @Override
    public boolean takesDueInBatches() {
      return true;
    }

    @Override
    public List<PendingNotification> takeDueNotifications(Instant now, Instant until,
        int limit) {
      batches.incrementAndGet();
      // the default: a read and a take of each, counted apart from the engine's own
      int readsBefore = reads.get();
      int takesBefore = singleTakes.get();
      List<PendingNotification> taken = super.takeDueNotifications(now, until, limit);
      reads.set(readsBefore);
      singleTakes.set(takesBefore);
      taken.forEach(p -> takenInBatches.add(p.notification().id()));
      return taken;
    }

    /** Records the give-back; the in-memory store keeps the take until its hold ends. */
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

  private static Baton engine(World world, PromotionStore store, Notifier notifier,
      Consumer<Baton.Builder> customize) {
    return world.engine("engine-batch", customize, store, world.environments, world.deployer,
        notifier);
  }
}

package dev.baton;

import static dev.baton.World.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.lifecycle.Lifecycle;
import dev.baton.lifecycle.PromotionEvent;
import dev.baton.model.CasResult;
import dev.baton.model.ExecutionClaim;
import dev.baton.model.ExecutionStep;
import dev.baton.model.Notification;
import dev.baton.model.PendingNotification;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionStatus;
import dev.baton.spi.ForwardingPromotionStore;
import dev.baton.spi.PromotionStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * An executor records each step by a compare-and-set at the version it holds and reads the
 * promotion only when that does not apply; then it behaves as a fenced step always did (retries
 * under its own token, stops under another). A delivery pass after a change stops at a read of
 * the outbox that found less than a batch.
 */
class FencedStepReadsTest {

  /** Counts reads; may change the promotion just before the compare-and-set of its write. */
  static final class CountingStore extends ForwardingPromotionStore {
    final AtomicInteger finds = new AtomicInteger();
    final AtomicInteger outboxReads = new AtomicInteger();
    final AtomicInteger emptyOutboxReads = new AtomicInteger();
    volatile Consumer<PromotionId> beforeWrittenIsRecorded = id -> { };

    CountingStore(PromotionStore store) {
      super(store);
    }

    @Override
    public Optional<Promotion> find(PromotionId id) {
      finds.incrementAndGet();
      return super.find(id);
    }

    @Override
    public List<PendingNotification> pendingNotifications(Instant now, int limit) {
      outboxReads.incrementAndGet();
      List<PendingNotification> due = super.pendingNotifications(now, limit);
      if (due.isEmpty()) {
        emptyOutboxReads.incrementAndGet();
      }
      return due;
    }

    @Override
    public CasResult compareAndSet(long expectedVersion, Promotion next,
        List<Notification> notifications) {
      if (World.carriesWrite(next)) {
        Consumer<PromotionId> before = beforeWrittenIsRecorded;
        beforeWrittenIsRecorded = id -> { };
        before.accept(next.id());
      }
      return super.compareAndSet(expectedVersion, next, notifications);
    }
  }

  @Test
  void anUncontendedExecutionRecordsEveryStepWithoutReadingThePromotion() {
    try (World world = World.create()) {
      CountingStore counting = new CountingStore(world.store);
      try (Baton engine = engine(world, counting)) {
        Promotion done = engine.promotions().request(toStaging());

        assertThat(done.status()).isEqualTo(PromotionStatus.COMPLETED);
        assertThat(counting.finds).as("reads of the promotion").hasValue(0);
        assertThat(world.stored(done.id())).isEqualTo(done);
        assertThat(world.inMemoryDeployer().requests()).hasSize(1);
      }
    }
  }

  @Test
  void aStepWhoseCompareAndSetMeetsItsOwnRenewalReadsAndRecordsItOnWhatItRead() {
    try (World world = World.create()) {
      CountingStore counting = new CountingStore(world.store);
      try (Baton engine = engine(world, counting)) {
        // what a heartbeat does between two steps: same token, one version more
        counting.beforeWrittenIsRecorded = id -> {
          Promotion current = world.store.find(id).orElseThrow();
          assertThat(world.store.compareAndSet(current.version(), Lifecycle.apply(current,
              new PromotionEvent.Renew(ALICE, world.clock.instant())), List.of()))
              .isEqualTo(CasResult.APPLIED);
        };

        Promotion done = engine.promotions().request(toStaging());

        assertThat(done.status()).isEqualTo(PromotionStatus.COMPLETED);
        assertThat(counting.finds).as("one read, after the compare-and-set that did not apply")
            .hasValue(1);
        assertThat(world.stored(done.id())).isEqualTo(done);
        assertThat(world.inMemoryDeployer().requests()).hasSize(1);
        assertThat(world.environments.commits(World.SHOP, World.STAGING))
            .filteredOn(c -> c.promotion().equals(done.id())).hasSize(1);
      }
    }
  }

  @Test
  void aStepWhoseCompareAndSetMeetsAnotherTokenRecordsNothingAndStops() {
    try (World world = World.create()) {
      CountingStore counting = new CountingStore(world.store);
      try (Baton engine = engine(world, counting)) {
        // another instance takes the claim over (a new token) just before the write is recorded
        counting.beforeWrittenIsRecorded = id -> {
          Promotion current = world.store.find(id).orElseThrow();
          assertThat(world.store.compareAndSet(current.version(), Lifecycle.apply(current,
              new PromotionEvent.Claim("engine-3/x", ALICE, world.clock.instant())),
              List.of())).isEqualTo(CasResult.APPLIED);
        };

        Promotion seen = engine.promotions().request(toStaging());

        Promotion stored = world.stored(seen.id());
        assertThat(seen).isEqualTo(stored);
        assertThat(stored.claim()).get().extracting(ExecutionClaim::owner)
            .isEqualTo("engine-3/x");
        assertThat(stored.claim()).get().extracting(ExecutionClaim::step)
            .as("the write was not recorded by the old executor").isEqualTo(ExecutionStep.CLAIMED);
        assertThat(world.inMemoryDeployer().requests()).as("nor did it deploy").isEmpty();
      }
    }
  }

  @Test
  void aDeliveryPassAfterAChangeStopsAtAReadThatFoundLessThanABatch() {
    try (World world = World.create()) {
      CountingStore counting = new CountingStore(world.store);
      try (Baton engine = engine(world, counting)) {
        int before = world.inMemoryNotifier().delivered().size();

        Promotion done = engine.promotions().request(toStaging());

        List<Notification> told = world.inMemoryNotifier().delivered()
            .subList(before, world.inMemoryNotifier().delivered().size());
        assertThat(told).isNotEmpty().allSatisfy(n -> assertThat(n.promotion())
            .isEqualTo(done.id()));
        assertThat(counting.outboxReads).as("reads of the outbox").hasPositiveValue();
        assertThat(counting.emptyOutboxReads).as("reads that found nothing").hasValue(0);
        assertThat(world.store.pendingNotifications(world.clock.instant().plusSeconds(86_400),
            1000)).as("nothing left behind").isEmpty();
      }
    }
  }

  private static Baton engine(World world, CountingStore counting) {
    return world.engine("engine-2", b -> { }, counting, world.environments, world.deployer,
        world.notifier);
  }

  private static PromotionRequest toStaging() {
    return PromotionRequest.of("shop", "dev", "staging", "alice");
  }
}

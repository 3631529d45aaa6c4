package dev.baton;

import static dev.baton.World.ALICE;
import static dev.baton.World.BOB;
import static dev.baton.World.CAROL;
import static dev.baton.World.DAVE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.model.CasResult;
import dev.baton.model.Notification;
import dev.baton.model.Pipeline;
import dev.baton.model.ProjectId;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionStatus;
import dev.baton.spi.ForwardingPromotionStore;
import dev.baton.spi.PipelineStore;
import dev.baton.spi.PromotionStore;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A decision reads the promotion once, decides, compare-and-sets and acts; it reads again only
 * after losing a compare-and-set, and then decides again on what it read. An execution reads the
 * pipeline once for all its steps.
 */
class ReadOnceTest {

  /** Counts the reads of promotions by id, and may run a change just before a compare-and-set. */
  static final class CountingStore extends ForwardingPromotionStore {
    final AtomicInteger finds = new AtomicInteger();
    Runnable beforeNextCompareAndSet = () -> { };

    CountingStore(PromotionStore store) {
      super(store);
    }

    @Override
    public Optional<Promotion> find(PromotionId id) {
      finds.incrementAndGet();
      return super.find(id);
    }

    @Override
    public CasResult compareAndSet(long expectedVersion, Promotion next,
        List<Notification> notifications) {
      Runnable before = beforeNextCompareAndSet;
      beforeNextCompareAndSet = () -> { };
      before.run();
      return super.compareAndSet(expectedVersion, next, notifications);
    }
  }

  @Test
  void anApprovalARejectionAndAWithdrawalReadThePromotionOnce() {
    try (World world = World.create()) {
      CountingStore counting = new CountingStore(world.store);
      try (Baton engine = secondEngine(world, counting)) {
        Promotion rejected = requestToProduction(world);
        counting.finds.set(0);
        assertThat(engine.promotions().approve(rejected.id(), BOB, "").countingApprovals())
            .isEqualTo(1);
        assertThat(counting.finds).as("reads by the approval").hasValue(1);
        counting.finds.set(0);
        assertThat(engine.promotions().reject(rejected.id(), CAROL, "no").status())
            .isEqualTo(PromotionStatus.REJECTED);
        assertThat(counting.finds).as("reads by the rejection").hasValue(1);

        world.newBuild(World.STAGING);
        Promotion withdrawn = requestToProduction(world);
        counting.finds.set(0);
        assertThat(engine.promotions().withdraw(withdrawn.id(), ALICE, "").status())
            .isEqualTo(PromotionStatus.REJECTED);
        assertThat(counting.finds).as("reads by the withdrawal").hasValue(1);
      }
    }
  }

  @Test
  void anApprovalThatLosesItsCompareAndSetReadsAgainAndDecidesOnWhatItFinds() {
    try (World world = World.create()) {
      CountingStore counting = new CountingStore(world.store);
      try (Baton engine = secondEngine(world, counting)) {
        Promotion p = requestToProduction(world);
        // Dave approves through the other engine between Bob's read and Bob's compare-and-set.
        counting.beforeNextCompareAndSet = () -> world.promotions().approve(p.id(), DAVE, "");
        counting.finds.set(0);

        Promotion after = engine.promotions().approve(p.id(), BOB, "");

        assertThat(after.approvers()).containsExactlyInAnyOrder(DAVE, BOB);
        assertThat(after.status()).as("Bob's approval, decided again, met the quorum")
            .isEqualTo(PromotionStatus.PENDING_RELEASE);
        assertThat(world.stored(p.id()).approvers()).containsExactlyInAnyOrder(DAVE, BOB);
        assertThat(world.inMemoryDeployer().requests()).as("production deploys by hand")
            .isEmpty();
        assertThat(world.environments.commits(World.SHOP, World.PRODUCTION))
            .filteredOn(c -> c.promotion().equals(p.id())).hasSize(1);
      }
    }
  }

  @Test
  void anExecutionReadsThePipelineOnceForItsWriteAndItsDeployDecision() {
    try (World world = World.create()) {
      CountingPipelines pipelines = new CountingPipelines(world.pipelines);
      try (Baton engine = Baton.builder().promotionStore(world.store).pipelineStore(pipelines)
          .environments(world.environments).freezeStore(world.freezes).deployer(world.deployer)
          .notifier(world.notifier).clock(world.clock).ids(world.ids).instanceId("engine-2")
          .build()) {
        Promotion p = requestToProduction(world);
        engine.promotions().approve(p.id(), BOB, "");
        pipelines.finds.set(0);

        Promotion after = engine.promotions().approve(p.id(), CAROL, "");

        assertThat(after.status()).as("written, released, MANUAL: it waits for its deploy")
            .isEqualTo(PromotionStatus.PENDING_RELEASE);
        assertThat(pipelines.finds).as("reads of the pipeline by the executing approval")
            .hasValue(1);
        assertThat(world.environments.commits(World.SHOP, World.PRODUCTION))
            .filteredOn(c -> c.promotion().equals(p.id())).hasSize(1);
      }
    }
  }

  /** Counts the reads of pipelines. */
  static final class CountingPipelines implements PipelineStore {
    final AtomicInteger finds = new AtomicInteger();
    private final PipelineStore store;

    CountingPipelines(PipelineStore store) {
      this.store = store;
    }

    @Override
    public Optional<Pipeline> find(ProjectId project) {
      finds.incrementAndGet();
      return store.find(project);
    }

    @Override
    public CasResult compareAndSet(long expectedVersion, Pipeline pipeline) {
      return store.compareAndSet(expectedVersion, pipeline);
    }

    @Override
    public Set<ProjectId> projects() {
      return store.projects();
    }
  }

  /** A second engine on the world's ports, reading promotions through {@code counting}. */
  private static Baton secondEngine(World world, CountingStore counting) {
    return world.engine("engine-2", b -> { }, counting, world.environments, world.deployer,
        world.notifier);
  }

  /** Alice requests staging to production (two approvals) through the world's engine. */
  private static Promotion requestToProduction(World world) {
    return world.promotions().request(PromotionRequest.of("shop", "staging", "production",
        "alice"));
  }
}

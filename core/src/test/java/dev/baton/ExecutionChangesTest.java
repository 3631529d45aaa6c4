package dev.baton;

import static dev.baton.World.ALICE;
import static dev.baton.World.BOB;
import static dev.baton.World.CAROL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.model.CasResult;
import dev.baton.model.DeployState;
import dev.baton.model.EnvironmentName;
import dev.baton.model.EnvironmentWrite;
import dev.baton.model.ExecutionClaim;
import dev.baton.model.Freeze;
import dev.baton.model.FreezeHolds;
import dev.baton.model.Notification;
import dev.baton.model.ProjectId;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionStatus;
import dev.baton.model.WriteResult;
import dev.baton.spi.EnvironmentRepository;
import dev.baton.spi.ForwardingEnvironmentRepository;
import dev.baton.spi.ForwardingFreezeStore;
import dev.baton.spi.ForwardingPromotionStore;
import dev.baton.spi.FreezeStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * An execution stores its write, the write's release and the step that follows (the deploy
 * started, or the wait for a deploy by hand) as one change: three changes for a direct deploy
 * (claim; write, release and deploy start; outcome), two for a MANUAL target. A next step that
 * cannot be decided after the write leaves the write and its release recorded alone, and the
 * execution goes on from there as a recovered claim at RELEASED does.
 */
class ExecutionChangesTest {

  /** Keeps every promotion a compare-and-set stored, in order. */
  static final class RecordingStore extends ForwardingPromotionStore {
    final List<Promotion> stored = new CopyOnWriteArrayList<>();

    RecordingStore(World world) {
      super(world.store);
    }

    @Override
    public CasResult compareAndSet(long expectedVersion, Promotion next,
        List<Notification> notifications) {
      CasResult result = super.compareAndSet(expectedVersion, next, notifications);
      if (result == CasResult.APPLIED) {
        stored.add(next);
      }
      return result;
    }

    /** Each stored change as "status step" ("-" without a claim). */
    List<String> changes() {
      return stored.stream().map(p -> p.status() + " "
          + p.claim().map(ExecutionClaim::step).map(Enum::name).orElse("-")).toList();
    }
  }

  /** The world's freezes, answering nothing (BACKEND_FAILURE) while {@link #down} is set. */
  static final class FlakyFreezes extends ForwardingFreezeStore {
    volatile boolean down;
    final AtomicInteger failed = new AtomicInteger();

    FlakyFreezes(FreezeStore freezes) {
      super(freezes);
    }

    @Override
    public Optional<Freeze> freeze(ProjectId project, EnvironmentName environment) {
      if (down) {
        failed.incrementAndGet();
        throw new BatonException(ErrorCode.BACKEND_FAILURE, "freezes unreachable");
      }
      return super.freeze(project, environment);
    }
  }

  /** The world's repository, running {@code then} after each write it makes. */
  private static ForwardingEnvironmentRepository afterEachWrite(World world, Runnable then) {
    return new ForwardingEnvironmentRepository(world.environments) {
      @Override
      public WriteResult write(EnvironmentWrite write) {
        WriteResult result = super.write(write);
        then.run();
        return result;
      }
    };
  }

  @Test
  void aDirectDeployStoresTheWriteItsReleaseAndTheDeployStartAsOneChange() {
    try (World world = World.create()) {
      RecordingStore recording = new RecordingStore(world);
      try (Baton engine = world.engine("engine-2", b -> { }, recording, world.environments,
          world.deployer, world.notifier)) {
        Promotion done = engine.promotions().request(PromotionRequest.of("shop", "dev",
            "staging", "alice"));

        assertThat(done.status()).isEqualTo(PromotionStatus.COMPLETED);
        assertThat(recording.changes()).containsExactly("PENDING_APPROVAL CLAIMED",
            "PENDING_APPROVAL DEPLOYING", "COMPLETED -");
        Promotion started = recording.stored.get(1);
        assertThat(started.version()).isEqualTo(recording.stored.get(0).version() + 1);
        assertThat(started.release()).get().extracting(r -> r.revision())
            .isEqualTo(started.claim().get().written().orElseThrow());
        assertThat(world.environments.commits(World.SHOP, World.STAGING))
            .filteredOn(c -> c.promotion().equals(done.id())).hasSize(1);
        assertThat(world.environments.findWrite(World.SHOP, World.STAGING, done.id()))
            .isEqualTo(done.release().map(r -> r.revision()));
        assertThat(world.inMemoryDeployer().requests()).singleElement()
            .satisfies(r -> assertThat(r.release()).isEqualTo(started.release().get().id()));
        assertThat(done.history()).extracting(c -> c.to()).containsExactly(
            PromotionStatus.PENDING_APPROVAL, PromotionStatus.COMPLETED);
      }
    }
  }

  @Test
  void aManualTargetStoresTheWriteItsReleaseAndTheWaitAsOneChange() {
    try (World world = World.create()) {
      RecordingStore recording = new RecordingStore(world);
      try (Baton engine = world.engine("engine-2", b -> { }, recording, world.environments,
          world.deployer, world.notifier)) {
        world.newBuild(World.STAGING);
        Promotion p = engine.promotions().request(PromotionRequest.of("shop", "staging",
            "production", "alice"));
        engine.promotions().approve(p.id(), BOB, "");
        Promotion waiting = engine.promotions().approve(p.id(), CAROL, "");

        assertThat(waiting.status()).isEqualTo(PromotionStatus.PENDING_RELEASE);
        assertThat(waiting.release().get().deployState()).isEqualTo(DeployState.WAITING);
        assertThat(recording.changes()).containsExactly("PENDING_APPROVAL -",
            "PENDING_APPROVAL CLAIMED", "PENDING_RELEASE -");

        Promotion done = engine.promotions().deploy(p.id(), ALICE);

        assertThat(done.status()).isEqualTo(PromotionStatus.COMPLETED);
        assertThat(recording.changes()).hasSize(5).endsWith("PENDING_RELEASE DEPLOYING",
            "COMPLETED -");
      }
    }
  }

  @Test
  void aDeployDecisionThatCannotBeMadeLeavesTheWriteAndItsReleaseRecorded() {
    try (World world = World.create()) {
      FlakyFreezes freezes = new FlakyFreezes(world.freezes);
      RecordingStore recording = new RecordingStore(world);
      // the freezes stop answering right after the commit: the write's own check passed
      EnvironmentRepository environments = afterEachWrite(world, () -> freezes.down = true);
      try (Baton engine = Baton.builder().promotionStore(recording).pipelineStore(world.pipelines)
          .environments(environments).freezeStore(freezes).deployer(world.deployer)
          .notifier(world.notifier).clock(world.clock).ids(world.ids).instanceId("engine-2")
          .build()) {
        assertThatThrownBy(() -> engine.promotions().request(PromotionRequest.of("shop", "dev",
            "staging", "alice")))
            .isInstanceOfSatisfying(BatonException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.BACKEND_FAILURE));

        assertThat(freezes.failed).as("decided twice: before the record, then on it")
            .hasValue(2);
        assertThat(recording.changes()).containsExactly("PENDING_APPROVAL CLAIMED",
            "PENDING_APPROVAL RELEASED");
        Promotion held = recording.stored.get(1);
        assertThat(world.environments.commits(World.SHOP, World.STAGING))
            .filteredOn(c -> c.promotion().equals(held.id())).hasSize(1);
        assertThat(world.environments.findWrite(World.SHOP, World.STAGING, held.id()))
            .isEqualTo(held.release().map(r -> r.revision()));
        assertThat(world.inMemoryDeployer().requests()).isEmpty();

        freezes.down = false;
        world.clock.advance(Duration.ofHours(1));
        List<Promotion> recovered = engine.promotions().recover();

        assertThat(recovered).singleElement().satisfies(done -> {
          assertThat(done.status()).isEqualTo(PromotionStatus.COMPLETED);
          assertThat(done.release().get().id()).isEqualTo(held.release().get().id());
        });
        assertThat(world.environments.commits(World.SHOP, World.STAGING))
            .filteredOn(c -> c.promotion().equals(held.id())).hasSize(1);
        assertThat(world.inMemoryDeployer().requests()).hasSize(1);
      }
    }
  }

  @Test
  void aFrozenTargetStoresTheWriteItsReleaseAndTheHeldDeployAsOneChange() {
    try (World world = World.create()) {
      RecordingStore recording = new RecordingStore(world);
      // a freeze of deploys (not of writes) put while the commit was made
      EnvironmentRepository environments = afterEachWrite(world, () -> world.freezes.putFreeze(
          new Freeze(World.SHOP, World.STAGING, "release week", ALICE, world.clock.instant(),
              Optional.empty(), FreezeHolds.DEPLOY)));
      try (Baton engine = world.engine("engine-2", b -> { }, recording, environments,
          world.deployer, world.notifier)) {
        Promotion held = engine.promotions().request(PromotionRequest.of("shop", "dev",
            "staging", "alice"));

        assertThat(held.status()).isEqualTo(PromotionStatus.PENDING_RELEASE);
        assertThat(held.release().get().deployState()).isEqualTo(DeployState.HELD_BY_FREEZE);
        assertThat(recording.changes()).containsExactly("PENDING_APPROVAL CLAIMED",
            "PENDING_RELEASE -");
        assertThat(world.inMemoryDeployer().requests()).isEmpty();
      }
    }
  }
}

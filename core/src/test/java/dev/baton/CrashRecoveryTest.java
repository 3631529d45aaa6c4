package dev.baton;

import static dev.baton.World.SHOP;
import static dev.baton.World.STAGING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.memory.InMemoryDeployer;
import dev.baton.memory.InMemoryNotifier;
import dev.baton.model.CasResult;
import dev.baton.model.DeployRequest;
import dev.baton.model.DeployState;
import dev.baton.model.EnvironmentName;
import dev.baton.model.EnvironmentWrite;
import dev.baton.model.InsertResult;
import dev.baton.model.Notification;
import dev.baton.model.ProjectId;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionQuery;
import dev.baton.model.PromotionStatus;
import dev.baton.model.UserId;
import dev.baton.model.WriteResult;
import dev.baton.spi.EnvironmentRepository;
import dev.baton.spi.ForwardingEnvironmentRepository;
import dev.baton.spi.ForwardingPromotionStore;
import dev.baton.spi.PromotionStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kills the engine at every write it makes (before and after the write reaches storage), then
 * starts a new engine with the same instance id on the same storage and recovers: every promotion
 * that exists ends executed exactly once (one commit, one release).
 */
class CrashRecoveryTest {

  /** What a process dying looks like to the code that was running. */
  static final class Crash extends RuntimeException {
    Crash(String where) {
      super("simulated crash " + where);
    }
  }

  /** Counts writes across the promotion store and the environment repository; dies at one. */
  static final class Fuse {
    final int at;
    final boolean afterWrite;
    final AtomicInteger count = new AtomicInteger();
    volatile boolean blown;

    Fuse(int at, boolean afterWrite) {
      this.at = at;
      this.afterWrite = afterWrite;
    }

    <T> T write(String what, java.util.function.Supplier<T> action) {
      if (blown) {
        throw new Crash("(already dead) at " + what);
      }
      boolean fire = count.incrementAndGet() == at;
      if (fire && !afterWrite) {
        blown = true;
        throw new Crash("before " + what);
      }
      T result = action.get();
      if (fire) {
        blown = true;
        throw new Crash("after " + what);
      }
      return result;
    }
  }

  /** The real store with a fuse on every write. */
  static final class FusedStore extends ForwardingPromotionStore {
    private final Fuse fuse;

    FusedStore(PromotionStore store, Fuse fuse) {
      super(store);
      this.fuse = fuse;
    }

    @Override
    public InsertResult insert(Promotion promotion, List<Notification> notifications) {
      return fuse.write("insert", () -> super.insert(promotion, notifications));
    }

    @Override
    public CasResult compareAndSet(long expectedVersion, Promotion next,
        List<Notification> notifications) {
      return fuse.write("cas v" + next.version(),
          () -> super.compareAndSet(expectedVersion, next, notifications));
    }

    @Override
    public boolean compareAndSetTargetClaim(ProjectId project, EnvironmentName target,
        Optional<PromotionId> expected, Optional<PromotionId> next) {
      return fuse.write("target claim " + next,
          () -> super.compareAndSetTargetClaim(project, target, expected, next));
    }
  }

  /** The real repository with a fuse on its write. */
  static final class FusedEnvironments extends ForwardingEnvironmentRepository {
    private final Fuse fuse;

    FusedEnvironments(EnvironmentRepository repository, Fuse fuse) {
      super(repository);
      this.fuse = fuse;
    }

    @Override
    public WriteResult write(EnvironmentWrite write) {
      return fuse.write("environment write", () -> super.write(write));
    }
  }

  @ParameterizedTest(name = "crash {0} the write")
  @ValueSource(booleans = {false, true})
  void autoPromotionSurvivesACrashAtEveryWrite(boolean afterWrite) {
    int crashes = 0;
    for (int at = 1; at < 50; at++) {
      Fuse fuse = new Fuse(at, afterWrite);
      try (World world = World.create()) {
        InMemoryDeployer deployer = new InMemoryDeployer();
        Baton doomed = world.engine("engine-7", b -> { }, new FusedStore(world.store, fuse),
            new FusedEnvironments(world.environments, fuse), deployer, new InMemoryNotifier());
        Optional<Promotion> finished = Optional.empty();
        try {
          finished = Optional.of(doomed.promotions().request(
              PromotionRequest.of("shop", "dev", "staging", "alice")));
        } catch (Crash expected) {
          crashes++;
        } finally {
          doomed.close();
        }
        if (!fuse.blown) {
          assertThat(finished).get().extracting(Promotion::status)
              .isEqualTo(PromotionStatus.COMPLETED);
          assertThat(crashes).as("a crash at every write before this one").isEqualTo(at - 1);
          assertThat(at).as("the flow makes several writes").isGreaterThan(6);
          return;
        }
        try (Baton restarted = world.engine("engine-7", b -> { }, world.store,
            world.environments, deployer, new InMemoryNotifier())) {
          restarted.promotions().recover();
        }
        List<Promotion> all = world.store.query(PromotionQuery.of(SHOP)).items();
        assertThat(all).as("crash at write %d", at).hasSizeLessThanOrEqualTo(1);
        for (Promotion p : all) {
          assertThat(p.claim()).isEmpty();
          assertThat(world.environments.commits(SHOP, STAGING))
              .as("one commit for the promotion, crash at write %d", at)
              .filteredOn(c -> c.promotion().equals(p.id())).hasSize(1);
          assertThat(deployer.requests()).as("never deployed twice by itself, crash at write %d",
              at).hasSizeLessThanOrEqualTo(1);
          if (p.status() == PromotionStatus.PENDING_RELEASE) {
            // The crash came during the deploy: recorded as such, retried only explicitly.
            assertThat(p.release().get().deployState()).as("crash at write %d", at)
                .isEqualTo(DeployState.INTERRUPTED);
            assertThat(p.history().get(p.history().size() - 1).reason()).contains("interrupted");
            try (Baton person = world.engine("engine-7", b -> { }, world.store,
                world.environments, deployer, new InMemoryNotifier())) {
              assertThat(person.promotions().deploy(p.id(), World.BOB).status())
                  .isEqualTo(PromotionStatus.COMPLETED);
            }
          }
          assertThat(world.stored(p.id()).status()).as("crash at write %d", at)
              .isEqualTo(PromotionStatus.COMPLETED);
          assertThat(deployer.requests()).as("one deploy per claim token")
              .extracting(DeployRequest::fencingToken).doesNotHaveDuplicates();
        }
        if (!all.isEmpty()) {
          // A target claim a crash left behind is taken over: the next promotion goes through.
          world.newBuild(World.DEV);
          try (Baton next = world.engine("engine-8", b -> { }, world.store, world.environments,
              deployer, new InMemoryNotifier())) {
            assertThat(next.promotions().request(PromotionRequest.of("shop", "dev", "staging",
                "bob")).status()).isEqualTo(PromotionStatus.COMPLETED);
          }
        }
        if (all.isEmpty()) {
          assertThat(world.environments.commits(SHOP, STAGING)).isEmpty();
        }
      }
    }
    throw new AssertionError("the flow never completed without a crash");
  }

  @ParameterizedTest(name = "crash {0} the write")
  @ValueSource(booleans = {false, true})
  void approvalMeetingQuorumSurvivesACrashAtEveryWrite(boolean afterWrite) {
    for (int at = 1; at < 50; at++) {
      Fuse fuse = new Fuse(at, afterWrite);
      try (World world = World.create()) {
        Promotion p = world.promotions().request(PromotionRequest.of("shop", "staging",
            "production", "alice"));
        world.promotions().approve(p.id(), UserId.of("bob"), "");
        Baton doomed = world.engine("engine-9", b -> { }, new FusedStore(world.store, fuse),
            new FusedEnvironments(world.environments, fuse), new InMemoryDeployer(),
            new InMemoryNotifier());
        try {
          doomed.promotions().approve(p.id(), UserId.of("carol"), "");
        } catch (Crash expected) {
          // the process died here
        } finally {
          doomed.close();
        }
        if (!fuse.blown) {
          assertThat(world.stored(p.id()).status()).isEqualTo(PromotionStatus.PENDING_RELEASE);
          return;
        }
        try (Baton restarted = world.engine("engine-9", b -> { }, world.store,
            world.environments, new InMemoryDeployer(), new InMemoryNotifier())) {
          restarted.promotions().recover();
          Promotion after = world.stored(p.id());
          if (after.approvers().size() == 1) {
            // The approval itself was lost with the process: the approver approves again.
            after = restarted.promotions().approve(p.id(), UserId.of("carol"), "");
          }
          assertThat(after.status()).as("crash at write %d", at)
              .isEqualTo(PromotionStatus.PENDING_RELEASE);
          assertThat(world.environments.commits(SHOP, World.PRODUCTION)).hasSize(1);
        }
      }
    }
    throw new AssertionError("the flow never completed without a crash");
  }
}

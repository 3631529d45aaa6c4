package dev.baton;

import static dev.baton.World.DEV;
import static dev.baton.World.QA;
import static dev.baton.World.SHOP;
import static dev.baton.World.STAGING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.memory.InMemoryNotifier;
import dev.baton.model.CasResult;
import dev.baton.model.EnvironmentFiles;
import dev.baton.model.EnvironmentName;
import dev.baton.model.Notification;
import dev.baton.model.ProjectId;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionStatus;
import dev.baton.model.Revision;
import dev.baton.spi.ForwardingEnvironmentRepository;
import dev.baton.spi.ForwardingPromotionStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * One promotion whose take-over fails (its target's repository is down) does not keep recovery
 * from the others: every executing promotion is tried, and the failure is thrown after them.
 * Before, the first failure ended the pass, so a target that kept failing held back every
 * crashed execution listed after it, however often recovery ran.
 */
class RecoverPastFailureTest {

  /** The store of a process killed right after a write, before it recorded it. */
  private static final class DiesAfterWrite extends ForwardingPromotionStore {
    DiesAfterWrite(World world) {
      super(world.store);
    }

    @Override
    public CasResult compareAndSet(long expectedVersion, Promotion next,
        List<Notification> notifications) {
      if (World.carriesWrite(next)) {
        throw new CrashRecoveryTest.Crash("before recording the write of " + next.id());
      }
      return super.compareAndSet(expectedVersion, next, notifications);
    }
  }

  /** The world's repository with some environments unreachable, each failure one instance. */
  private static final class Unreachable extends ForwardingEnvironmentRepository {
    private final List<EnvironmentName> down;
    private final BatonException failure;

    Unreachable(World world, EnvironmentName... down) {
      super(world.environments);
      this.down = List.of(down);
      this.failure = new BatonException(ErrorCode.BACKEND_FAILURE, this.down + " unreachable");
    }

    private void check(EnvironmentName environment) {
      if (down.contains(environment)) {
        // one instance for every call, as a port with a cached failure (a circuit breaker) has
        throw failure;
      }
    }

    @Override
    public EnvironmentFiles read(ProjectId project, EnvironmentName environment) {
      check(environment);
      return super.read(project, environment);
    }

    @Override
    public Optional<Revision> findWrite(ProjectId project, EnvironmentName environment,
        PromotionId promotion) {
      check(environment);
      return super.findWrite(project, environment, promotion);
    }
  }

  /** Both promotions of dev, each killed after its write: qa's first, staging's second. */
  private static List<Promotion> crashTwo(World world) {
    try (Baton doomed = world.engine("engine-7", b -> { }, new DiesAfterWrite(world),
        world.environments, world.deployer, new InMemoryNotifier())) {
      for (String target : List.of("qa", "staging")) {
        assertThatThrownBy(() -> doomed.promotions().request(PromotionRequest.of("shop", "dev",
            target, "alice"))).isInstanceOf(CrashRecoveryTest.Crash.class);
      }
    }
    List<Promotion> crashed = world.store.query(dev.baton.model.PromotionQuery.executing())
        .items();
    assertThat(crashed).hasSize(2).allSatisfy(p -> assertThat(p.claim()).isPresent());
    return crashed;
  }

  private static Promotion into(World world, EnvironmentName target) {
    return world.store.query(dev.baton.model.PromotionQuery.of(SHOP)).items().stream()
        .filter(p -> p.target().equals(target)).findFirst().orElseThrow();
  }

  @Test
  void oneFailureThrownForSeveralPromotionsReachesTheCallerAsItIs() {
    try (World world = World.create()) {
      crashTwo(world);
      Unreachable both = new Unreachable(world, QA, STAGING);
      try (Baton restarted = world.engine("engine-7", b -> { }, world.store, both,
          world.deployer, new InMemoryNotifier())) {
        assertThatThrownBy(() -> restarted.promotions().recover(Duration.ZERO))
            .as("not a self-suppression error").isSameAs(both.failure);
      }
      assertThat(both.failure.getSuppressed()).isEmpty();
      try (Baton healed = world.engine("engine-7", b -> { }, world.store, world.environments,
          world.deployer, new InMemoryNotifier())) {
        assertThat(healed.promotions().recover(Duration.ZERO)).hasSize(2);
      }
      for (EnvironmentName target : List.of(QA, STAGING)) {
        assertThat(into(world, target).status()).isEqualTo(PromotionStatus.COMPLETED);
        assertThat(world.environments.commits(SHOP, target)).hasSize(1);
      }
    }
  }

  @Test
  void aPromotionWhoseTargetIsDownDoesNotHoldBackTheOthers() {
    for (EnvironmentName down : List.of(QA, STAGING)) {
      try (World world = World.create()) {
        crashTwo(world);
        EnvironmentName up = down.equals(QA) ? STAGING : QA;
        try (Baton restarted = world.engine("engine-7", b -> { }, world.store,
            new Unreachable(world, down), world.deployer, new InMemoryNotifier())) {
          assertThatThrownBy(() -> restarted.promotions().recover(Duration.ZERO))
              .as("the failure still reaches the caller, with %s down", down)
              .isInstanceOfSatisfying(BatonException.class,
                  e -> assertThat(e.code()).isEqualTo(ErrorCode.BACKEND_FAILURE))
              .hasMessageContaining(down + "] unreachable");
        }
        Promotion recovered = into(world, up);
        assertThat(recovered.status()).as("%s recovered while %s is down", up, down)
            .isEqualTo(PromotionStatus.COMPLETED);
        assertThat(recovered.claim()).isEmpty();
        // its execution failed: the claim is dropped, the approved promotion waits for the next
        assertThat(into(world, down).status()).isEqualTo(PromotionStatus.PENDING_APPROVAL);
        assertThat(world.environments.commits(SHOP, down)).hasSize(1);
        try (Baton healed = world.engine("engine-7", b -> { }, world.store, world.environments,
            world.deployer, new InMemoryNotifier())) {
          assertThat(healed.promotions().recover(Duration.ZERO)).extracting(Promotion::id)
              .containsExactly(into(world, down).id());
        }
        for (EnvironmentName target : List.of(QA, STAGING)) {
          Promotion p = into(world, target);
          assertThat(p.status()).as("%s, with %s down first", target, down)
              .isEqualTo(PromotionStatus.COMPLETED);
          assertThat(world.environments.commits(SHOP, target))
              .as("one commit into %s", target).hasSize(1)
              .allSatisfy(c -> assertThat(c.promotion()).isEqualTo(p.id()));
        }
        assertThat(world.environments.commits(SHOP, DEV)).isEmpty();
      }
    }
  }
}

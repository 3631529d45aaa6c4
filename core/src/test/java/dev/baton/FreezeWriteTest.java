package dev.baton;

import static dev.baton.Errors.refused;
import static dev.baton.World.ALICE;
import static dev.baton.World.BOB;
import static dev.baton.World.CAROL;
import static dev.baton.World.DEV;
import static dev.baton.World.PRODUCTION;
import static dev.baton.World.SHOP;
import static dev.baton.World.STAGING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.error.ErrorCode;
import dev.baton.governance.GrantAuthorizer;
import dev.baton.lifecycle.Lifecycle;
import dev.baton.model.DeployState;
import dev.baton.model.FreezeHolds;
import dev.baton.model.Permission;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionStatus;
import dev.baton.model.UserId;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A freeze that holds the write: nothing lands in the frozen folder (with an auto-syncing GitOps
 * controller the commit is the deploy), the promotion waits with its quorum met, and recovery
 * writes it once after the freeze.
 */
class FreezeWriteTest {
  private static final UserId ADMIN = UserId.of("admin");
  private final GrantAuthorizer grants = GrantAuthorizer.empty()
      .grant(ADMIN, SHOP, Permission.values())
      .grant(ALICE, SHOP, Permission.REQUEST)
      .grant(BOB, SHOP, Permission.APPROVE, Permission.DEPLOY)
      .grant(CAROL, SHOP, Permission.APPROVE);
  private final World world = World.create(b -> b.authorizer(grants));

  @AfterEach
  void close() {
    world.close();
  }

  private Promotion requestToStaging() {
    world.newBuild(DEV);
    return world.promotions().request(PromotionRequest.of("shop", "dev", "staging", "alice"));
  }

  @Test
  void aFreezeHoldsTheWriteByDefaultAndRecoveryWritesItOnceAfterwards() {
    world.baton.environments().freeze(SHOP, STAGING, "release train", ADMIN, Optional.empty());
    int commits = world.environments.commits(SHOP, STAGING).size();

    Promotion held = requestToStaging();
    assertThat(held.status()).isEqualTo(PromotionStatus.PENDING_APPROVAL);
    assertThat(Lifecycle.quorumMet(held)).isTrue();
    assertThat(held.claim()).isEmpty();
    assertThat(held.release()).isEmpty();
    assertThat(held.history().get(held.history().size() - 1).reason())
        .startsWith("held: staging is frozen (release train)");
    assertThat(world.environments.commits(SHOP, STAGING)).hasSize(commits);
    assertThat(world.inMemoryDeployer().requests()).isEmpty();

    // during the freeze: recover leaves it waiting, resume says why
    assertThat(world.baton.promotions().recover()).isEmpty();
    refused(ErrorCode.ENVIRONMENT_FROZEN, () -> world.promotions().resume(held.id(), BOB));
    assertThat(world.stored(held.id())).isEqualTo(held);
    assertThat(world.environments.commits(SHOP, STAGING)).hasSize(commits);

    world.baton.environments().unfreeze(SHOP, STAGING, ADMIN);
    assertThat(world.baton.promotions().recover()).singleElement()
        .satisfies(p -> assertThat(p.status()).isEqualTo(PromotionStatus.COMPLETED));
    assertThat(world.baton.promotions().recover()).isEmpty();
    assertThat(world.environments.commits(SHOP, STAGING)).hasSize(commits + 1)
        .last().satisfies(c -> assertThat(c.promotion()).isEqualTo(held.id()));
    assertThat(world.inMemoryDeployer().requests()).hasSize(1);
  }

  @Test
  void approvalsCollectDuringTheFreezeAndTheQuorumWaitsForIt() {
    world.baton.environments().freeze(SHOP, PRODUCTION, "year end", ADMIN, Optional.empty());
    world.newBuild(STAGING);
    Promotion p = world.promotions().request(PromotionRequest.of("shop", "staging",
        "production", "alice"));
    int commits = world.environments.commits(SHOP, PRODUCTION).size();
    world.promotions().approve(p.id(), BOB, "");
    Promotion met = world.promotions().approve(p.id(), CAROL, "");
    assertThat(met.status()).isEqualTo(PromotionStatus.PENDING_APPROVAL);
    assertThat(met.approvers()).containsExactlyInAnyOrder(BOB, CAROL);
    assertThat(met.claim()).isEmpty();
    assertThat(world.environments.commits(SHOP, PRODUCTION)).hasSize(commits);

    world.baton.environments().unfreeze(SHOP, PRODUCTION, ADMIN);
    Promotion resumed = world.promotions().resume(p.id(), BOB);
    assertThat(resumed.status()).isEqualTo(PromotionStatus.PENDING_RELEASE);
    assertThat(world.environments.commits(SHOP, PRODUCTION)).hasSize(commits + 1);
  }

  @Test
  void breakGlassLetsTheWriteThroughAndIsRecorded() {
    world.baton.environments().freeze(SHOP, STAGING, "release train", ADMIN, Optional.empty());
    world.baton.environments().breakGlass(SHOP, STAGING, ADMIN, "checkout is down",
        Duration.ofHours(1));
    int commits = world.environments.commits(SHOP, STAGING).size();
    Promotion p = requestToStaging();
    assertThat(p.status()).isEqualTo(PromotionStatus.COMPLETED);
    assertThat(p.breakGlass()).get().satisfies(b ->
        assertThat(b.reason()).isEqualTo("checkout is down"));
    assertThat(world.environments.commits(SHOP, STAGING)).hasSize(commits + 1);
  }

  @Test
  void aFreezeThatHoldsTheDeployOnlyLetsTheWriteLand() {
    world.baton.environments().freeze(SHOP, STAGING, "release train", ADMIN, Optional.empty(),
        FreezeHolds.DEPLOY);
    int commits = world.environments.commits(SHOP, STAGING).size();
    Promotion p = requestToStaging();
    assertThat(p.status()).isEqualTo(PromotionStatus.PENDING_RELEASE);
    assertThat(p.release().get().deployState()).isEqualTo(DeployState.HELD_BY_FREEZE);
    assertThat(world.environments.commits(SHOP, STAGING)).hasSize(commits + 1);
    assertThat(world.baton.environments().status(SHOP, STAGING).freeze().get().holds())
        .isEqualTo(FreezeHolds.DEPLOY);
  }
}

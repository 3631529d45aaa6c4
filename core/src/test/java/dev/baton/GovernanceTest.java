package dev.baton;

import static dev.baton.Errors.refused;
import static dev.baton.World.ALICE;
import static dev.baton.World.BOB;
import static dev.baton.World.CAROL;
import static dev.baton.World.DAVE;
import static dev.baton.World.PRODUCTION;
import static dev.baton.World.SHOP;
import static dev.baton.World.STAGING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.error.ErrorCode;
import dev.baton.governance.GrantAuthorizer;
import dev.baton.governance.Tier;
import dev.baton.governance.TierFeatureGate;
import dev.baton.memory.InMemoryDeployer;
import dev.baton.memory.InMemoryNotifier;
import dev.baton.model.DeployState;
import dev.baton.model.FreezeHolds;
import dev.baton.model.NotificationKind;
import dev.baton.model.Permission;
import dev.baton.model.Pipeline;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionQuery;
import dev.baton.model.PromotionStatus;
import dev.baton.model.StageTransition;
import dev.baton.model.UserId;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GovernanceTest {
  private static final UserId ADMIN = UserId.of("admin");
  private final GrantAuthorizer grants = GrantAuthorizer.empty()
      .grant(ADMIN, SHOP, Permission.values())
      .grant(ALICE, SHOP, Permission.REQUEST)
      .grant(BOB, SHOP, Permission.APPROVE, Permission.DEPLOY)
      .grant(CAROL, SHOP, Permission.APPROVE)
      .grant(DAVE, SHOP, Permission.REQUEST, Permission.APPROVE);
  private final TierFeatureGate tiers = TierFeatureGate.withDefault(Tier.ENTERPRISE);
  private final World world = World.create(b -> b.authorizer(grants).featureGate(tiers));

  @AfterEach
  void close() {
    world.close();
  }

  private Promotion requestToProduction(String requester) {
    world.newBuild(World.STAGING);
    return world.promotions().request(PromotionRequest.of("shop", "staging", "production",
        requester).withNotes("weekly release"));
  }

  @Test
  void permissionsAreCheckedAndRefusalsChangeNothing() {
    refused(ErrorCode.PERMISSION_DENIED, () -> requestToProduction("bob"));
    Promotion p = requestToProduction("alice");
    refused(ErrorCode.PERMISSION_DENIED, () -> world.promotions().approve(p.id(), ALICE, ""));
    refused(ErrorCode.PERMISSION_DENIED, () -> world.promotions().reject(p.id(),
        UserId.of("mallory"), ""));
    refused(ErrorCode.PERMISSION_DENIED, () -> world.baton.pipelines().replace(
        World.seedPipeline(), BOB));
    refused(ErrorCode.PERMISSION_DENIED, () -> world.promotions().resume(p.id(), ALICE));
    assertThat(world.stored(p.id())).isEqualTo(p);
    assertThat(world.store.query(PromotionQuery.of(SHOP)).total()).isEqualTo(1);
  }

  @Test
  void requesterNeverCountsTowardTheirOwnQuorumUnlessTheTransitionAllowsIt() {
    Promotion p = requestToProduction("dave");
    refused(ErrorCode.PERMISSION_DENIED, () -> world.promotions().approve(p.id(), DAVE, ""));
    assertThat(world.promotions().inbox(DAVE)).isEmpty();
    assertThat(world.promotions().inbox(BOB)).extracting(i -> i.promotion().id())
        .containsExactly(p.id());

    world.baton.pipelines().replace(Pipeline.builder(SHOP).stage("staging")
        .stage("production").transition(StageTransition.of("staging", "production", 1)
            .withRequesterMayApprove(true)).build(), ADMIN);
    Promotion own = requestToProduction("dave");
    Promotion done = world.promotions().approve(own.id(), DAVE, "self-service");
    assertThat(done.status()).isEqualTo(PromotionStatus.COMPLETED);
  }

  @Test
  void separationOfDutiesHoldsForEverySpellingOfTheRequester() {
    UserId alice = UserId.of("alice@example.com");
    // Every spelling holds APPROVE: only the normal form can tell that they are one person.
    GrantAuthorizer spellings = GrantAuthorizer.empty()
        .grant(ADMIN, SHOP, Permission.values())
        .grant(alice, SHOP, Permission.REQUEST, Permission.APPROVE)
        .grant(UserId.of("ALICE@EXAMPLE.COM"), SHOP, Permission.APPROVE)
        .grant(UserId.of("alice@example.com."), SHOP, Permission.APPROVE)
        .grant(BOB, SHOP, Permission.APPROVE);
    try (World w = World.create(b -> b.authorizer(spellings).featureGate(tiers))) {
      w.newBuild(STAGING);
      Promotion p = w.promotions().request(PromotionRequest.of("shop", "staging", "production",
          "alice@example.com"));
      for (String spelling : new String[] {"ALICE@EXAMPLE.COM", "alice@example.com.",
          " Alice@Example.Com "}) {
        assertThat(refused(ErrorCode.PERMISSION_DENIED, () -> w.promotions().approve(p.id(),
            UserId.of(spelling), "")).getMessage()).contains("separation of duties");
      }
      refused(ErrorCode.INVALID_ARGUMENT, () -> w.promotions().approve(p.id(),
          UserId.of("alice​@example.com"), ""));
      refused(ErrorCode.INVALID_ARGUMENT, () -> w.promotions().request(PromotionRequest.of(
          "shop", "staging", "production", "alice‮@example.com")));
      assertThat(w.stored(p.id())).isEqualTo(p);
      assertThat(w.stored(p.id()).requester().value()).isEqualTo("alice@example.com");
      assertThat(w.store.query(PromotionQuery.of(SHOP)).total()).isEqualTo(1);
    }
  }

  @Test
  void commentsAndReasonsOverTheLimitAreRefusedBeforeAnythingIsWritten() {
    Promotion p = requestToProduction("alice");
    String tooLong = "x".repeat(10_001);
    String atLimit = "y".repeat(10_000);
    for (ThrowingCallable call : List.<ThrowingCallable>of(
        () -> world.promotions().approve(p.id(), BOB, tooLong),
        () -> world.promotions().reject(p.id(), BOB, tooLong),
        () -> world.promotions().withdraw(p.id(), ALICE, tooLong),
        () -> world.baton.environments().freeze(SHOP, STAGING, tooLong, ADMIN,
            Optional.empty()),
        () -> world.baton.environments().breakGlass(SHOP, STAGING, ADMIN, tooLong,
            Duration.ofHours(1)))) {
      assertThat(refused(ErrorCode.INVALID_ARGUMENT, call).getMessage())
          .contains("limit is 10000 characters");
    }
    assertThat(world.stored(p.id())).isEqualTo(p);
    assertThat(world.baton.environments().status(SHOP, STAGING).deploymentsHeld()).isFalse();
    assertThat(world.freezes.breakGlassSessions(SHOP, STAGING)).isEmpty();
    assertThat(world.promotions().approve(p.id(), BOB, atLimit).approvals())
        .singleElement().satisfies(d -> assertThat(d.comment()).hasSize(10_000));
  }

  @Test
  void breakGlassWithoutReasonOrDurationIsAnInvalidArgument() {
    var environments = world.baton.environments();
    refused(ErrorCode.INVALID_ARGUMENT, () -> environments.breakGlass(SHOP, STAGING, ADMIN,
        null, Duration.ofHours(1)));
    refused(ErrorCode.INVALID_ARGUMENT, () -> environments.breakGlass(SHOP, STAGING, ADMIN,
        "hotfix", null));
    refused(ErrorCode.INVALID_ARGUMENT, () -> environments.breakGlass(SHOP, STAGING, null,
        "hotfix", Duration.ofHours(1)));
    refused(ErrorCode.INVALID_ARGUMENT, () -> environments.breakGlass(null, STAGING, ADMIN,
        "hotfix", Duration.ofHours(1)));
    refused(ErrorCode.INVALID_ARGUMENT, () -> environments.breakGlass(SHOP, null, ADMIN,
        "hotfix", Duration.ofHours(1)));
    refused(ErrorCode.INVALID_ARGUMENT, () -> environments.freeze(SHOP, STAGING, null, ADMIN,
        Optional.empty()));
    refused(ErrorCode.INVALID_ARGUMENT, () -> environments.freeze(SHOP, STAGING, "x", null,
        Optional.empty()));
    refused(ErrorCode.INVALID_ARGUMENT, () -> environments.freeze(SHOP, STAGING, "x", ADMIN,
        null));
    refused(ErrorCode.INVALID_ARGUMENT, () -> environments.unfreeze(SHOP, STAGING, null));
    assertThat(environments.status(SHOP, STAGING).deploymentsHeld()).isFalse();
  }

  @Test
  void requesterMayWithdrawAndOnlyTheRequester() {
    Promotion p = requestToProduction("alice");
    world.promotions().approve(p.id(), BOB, "");
    refused(ErrorCode.PERMISSION_DENIED, () -> world.promotions().withdraw(p.id(), BOB, ""));
    Promotion withdrawn = world.promotions().withdraw(p.id(), ALICE, "superseded");
    assertThat(withdrawn.status()).isEqualTo(PromotionStatus.REJECTED);
    assertThat(withdrawn.withdrawn()).isTrue();
    assertThat(world.promotions().inbox(CAROL)).isEmpty();
    assertThat(world.inMemoryNotifier().delivered())
        .filteredOn(n -> n.kind() == NotificationKind.WITHDRAWN)
        .singleElement().satisfies(n -> assertThat(n.recipients()).containsExactly(BOB));
  }

  @Test
  void inboxListsWhatAPersonMayStillApprove() {
    Promotion p = requestToProduction("alice");
    assertThat(world.promotions().inbox(BOB)).singleElement().satisfies(item -> {
      assertThat(item.approvalsMissing()).isEqualTo(2);
      assertThat(item.promotion().changes().total()).isPositive();
    });
    world.promotions().approve(p.id(), BOB, "");
    assertThat(world.promotions().inbox(BOB)).isEmpty();
    assertThat(world.promotions().inbox(CAROL)).singleElement()
        .satisfies(item -> assertThat(item.approvalsMissing()).isEqualTo(1));
    assertThat(world.promotions().inbox(ALICE)).isEmpty();
  }

  @Test
  void theNotificationsSayWhatHappenedInTheseWords() {
    world.newBuild(World.STAGING);
    Promotion p = world.promotions().request(PromotionRequest.of("shop", "staging",
        "production", "alice"));
    world.promotions().approve(p.id(), BOB, "");
    world.promotions().approve(p.id(), CAROL, "");
    world.promotions().deploy(p.id(), BOB);
    var c = p.changes();
    assertThat(c.total()).isPositive();
    assertThat(c.conflicts()).isZero();
    assertThat(world.inMemoryNotifier().delivered()).extracting(n -> n.summary()).containsExactly(
        "staging -> production requested by alice: " + c.workloads() + " workload, "
            + c.values() + " value, " + c.bindings() + " binding, " + c.variables()
            + " variable change(s)",
        "staging -> production approved: quorum met",
        "staging -> production pending release: waiting for a manual deploy",
        "staging -> production completed: deployed");
    assertThat(world.inMemoryNotifier().delivered()).extracting(n -> n.id().value())
        .containsExactly("n-" + p.id() + "-submitted-v1", "n-" + p.id() + "-approved-v3",
            "n-" + p.id() + "-pending_release-v4", "n-" + p.id() + "-completed-v6");
  }

  @Test
  void approversAreToldOnSubmitAndTheRequesterOnEachOutcome() {
    Promotion p = requestToProduction("alice");
    InMemoryNotifier notifier = world.inMemoryNotifier();
    assertThat(notifier.delivered()).singleElement().satisfies(n -> {
      assertThat(n.kind()).isEqualTo(NotificationKind.SUBMITTED);
      assertThat(n.recipients()).containsExactlyInAnyOrder(ADMIN, BOB, CAROL, DAVE);
      assertThat(n.summary()).contains("staging -> production").contains("weekly release");
    });
    world.promotions().approve(p.id(), BOB, "");
    world.promotions().approve(p.id(), CAROL, "");
    assertThat(notifier.delivered()).extracting(n -> n.kind()).containsExactly(
        NotificationKind.SUBMITTED, NotificationKind.APPROVED, NotificationKind.PENDING_RELEASE);
    world.promotions().deploy(p.id(), BOB);
    assertThat(notifier.delivered()).last().satisfies(n -> {
      assertThat(n.kind()).isEqualTo(NotificationKind.COMPLETED);
      assertThat(n.recipients()).containsExactly(ALICE);
    });
    Promotion rejected = requestToProduction("alice");
    world.promotions().reject(rejected.id(), CAROL, "no");
    assertThat(notifier.delivered()).last().satisfies(n ->
        assertThat(n.kind()).isEqualTo(NotificationKind.REJECTED));
    assertThat(notifier.delivered()).extracting(n -> n.id()).doesNotHaveDuplicates();
  }

  @Test
  void freezeHoldsDeploymentsButNotRequestsOrApprovals() {
    world.baton.environments().freeze(SHOP, STAGING, "release train", ADMIN, Optional.empty(),
        FreezeHolds.DEPLOY);
    Promotion p = world.promotions().request(PromotionRequest.of("shop", "dev", "staging",
        "alice"));
    assertThat(p.status()).isEqualTo(PromotionStatus.PENDING_RELEASE);
    assertThat(p.release().get().deployState()).isEqualTo(DeployState.HELD_BY_FREEZE);
    assertThat(world.inMemoryDeployer().requests()).isEmpty();
    assertThat(world.environments.commits(SHOP, STAGING)).hasSize(1);

    refused(ErrorCode.ENVIRONMENT_FROZEN, () -> world.promotions().deploy(p.id(), BOB));
    assertThat(world.stored(p.id())).isEqualTo(p);
    assertThat(refused(ErrorCode.ENVIRONMENT_FROZEN, () -> world.promotions().deploy(p.id(),
        BOB)).httpStatus()).isEqualTo(423);

    world.baton.environments().breakGlass(SHOP, STAGING, ADMIN, "hotfix for checkout",
        Duration.ofHours(1));
    Promotion deployed = world.promotions().deploy(p.id(), BOB);
    assertThat(deployed.status()).isEqualTo(PromotionStatus.COMPLETED);
    assertThat(deployed.breakGlass()).get().satisfies(b ->
        assertThat(b.reason()).isEqualTo("hotfix for checkout"));
    assertThat(deployed.history().get(deployed.history().size() - 1).reason())
        .contains("break-glass");

    world.clock.advance(Duration.ofHours(2));
    world.newBuild(World.DEV);
    Promotion next = world.promotions().request(PromotionRequest.of("shop", "dev", "staging",
        "alice"));
    assertThat(next.status()).isEqualTo(PromotionStatus.PENDING_RELEASE);

    world.baton.environments().unfreeze(SHOP, STAGING, ADMIN);
    assertThat(world.promotions().deploy(next.id(), BOB).status())
        .isEqualTo(PromotionStatus.COMPLETED);
  }

  @Test
  void freezeWindowEndsByItself() {
    world.baton.environments().freeze(SHOP, STAGING, "maintenance", ADMIN,
        Optional.of(world.clock.instant().plus(Duration.ofHours(1))));
    assertThat(world.baton.environments().status(SHOP, STAGING).deploymentsHeld()).isTrue();
    world.clock.advance(Duration.ofHours(1));
    assertThat(world.baton.environments().status(SHOP, STAGING).deploymentsHeld()).isFalse();
    refused(ErrorCode.PERMISSION_DENIED, () -> world.baton.environments().freeze(SHOP, STAGING,
        "x", ALICE, Optional.empty()));
    refused(ErrorCode.PERMISSION_DENIED, () -> world.baton.environments().breakGlass(SHOP,
        STAGING, ALICE, "x", Duration.ofMinutes(5)));
  }

  @Test
  void featureGateRefusesEveryPromotionOperationAndChangesNothing() {
    Promotion p = requestToProduction("alice");
    tiers.assign(SHOP, Tier.FREE);
    PromotionId id = p.id();
    refused(ErrorCode.FEATURE_NOT_AVAILABLE, () -> requestToProduction("alice"));
    refused(ErrorCode.FEATURE_NOT_AVAILABLE, () -> world.promotions().approve(id, BOB, ""));
    refused(ErrorCode.FEATURE_NOT_AVAILABLE, () -> world.promotions().reject(id, BOB, ""));
    refused(ErrorCode.FEATURE_NOT_AVAILABLE, () -> world.promotions().withdraw(id, ALICE, ""));
    refused(ErrorCode.FEATURE_NOT_AVAILABLE, () -> world.promotions().deploy(id, BOB));
    refused(ErrorCode.FEATURE_NOT_AVAILABLE, () -> world.promotions().get(id));
    refused(ErrorCode.FEATURE_NOT_AVAILABLE, () -> world.promotions().history(
        PromotionQuery.of(SHOP)));
    refused(ErrorCode.FEATURE_NOT_AVAILABLE, () -> world.baton.previews().preview(SHOP,
        STAGING, PRODUCTION));
    refused(ErrorCode.FEATURE_NOT_AVAILABLE, () -> world.baton.pipelines().replace(
        World.seedPipeline(), ADMIN));
    assertThat(world.promotions().inbox(BOB)).isEmpty();
    assertThat(world.stored(id)).isEqualTo(p);
    assertThat(refused(ErrorCode.FEATURE_NOT_AVAILABLE, () -> world.promotions().get(id))
        .httpStatus()).isEqualTo(403);
  }

  @Test
  void proTierAllowsOneApprovalButNotLargerQuorums() {
    tiers.assign(SHOP, Tier.PRO);
    refused(ErrorCode.FEATURE_NOT_AVAILABLE, () -> world.baton.pipelines().replace(
        World.seedPipeline(), ADMIN));
    Pipeline small = Pipeline.builder(SHOP).stage("staging").stage("production")
        .transition("staging", "production", 1).build();
    assertThat(world.baton.pipelines().replace(small, ADMIN).version()).isEqualTo(2);
  }

  @Test
  void historyShowsWhoDecidedBreakGlassChangesAndDuration() {
    Promotion p = requestToProduction("alice");
    world.clock.advance(Duration.ofMinutes(30));
    world.promotions().approve(p.id(), BOB, "lgtm");
    world.clock.advance(Duration.ofMinutes(30));
    world.promotions().approve(p.id(), CAROL, "ship");
    world.clock.advance(Duration.ofMinutes(60));
    Promotion done = world.promotions().deploy(p.id(), BOB);
    Promotion row = world.promotions().history(PromotionQuery.of(SHOP)).items().get(0);
    assertThat(row).isEqualTo(done);
    assertThat(row.approvals()).extracting(a -> a.by() + "@" + a.at()).containsExactly(
        "bob@" + p.requestedAt().plus(Duration.ofMinutes(30)),
        "carol@" + p.requestedAt().plus(Duration.ofMinutes(60)));
    assertThat(row.duration(world.clock.instant())).isEqualTo(Duration.ofHours(2));
    assertThat(row.changes().total()).isPositive();
    assertThat(row.breakGlass()).isEmpty();
  }

  @Test
  void deployerWithoutPermissionIsRefused() {
    Promotion p = requestToProduction("alice");
    world.promotions().approve(p.id(), BOB, "");
    world.promotions().approve(p.id(), CAROL, "");
    refused(ErrorCode.PERMISSION_DENIED, () -> world.promotions().deploy(p.id(), CAROL));
    assertThat(((InMemoryDeployer) world.deployer).requests()).isEmpty();
  }
}

package dev.baton;

import static dev.baton.World.ALICE;
import static dev.baton.World.BOB;
import static dev.baton.World.CAROL;
import static dev.baton.World.DEV;
import static dev.baton.World.PRODUCTION;
import static dev.baton.World.SHOP;
import static dev.baton.World.STAGING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.memory.InMemoryDeployer;
import dev.baton.memory.InMemoryNotifier;
import dev.baton.model.DecisionKind;
import dev.baton.model.Delivery;
import dev.baton.model.DeployRequest;
import dev.baton.model.EnvironmentName;
import dev.baton.model.EnvironmentWrite;
import dev.baton.model.NotificationKind;
import dev.baton.model.Page;
import dev.baton.model.ProjectId;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionQuery;
import dev.baton.model.PromotionStatus;
import dev.baton.model.Release;
import dev.baton.model.Revision;
import dev.baton.model.WriteResult;
import dev.baton.spi.EnvironmentRepository;
import dev.baton.spi.ForwardingEnvironmentRepository;
import dev.baton.spi.ForwardingPromotionStore;
import dev.baton.spi.PromotionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A write of a promotion p that stands in the target unrecorded, after its claim was dropped (the
 * write call committed but its answer was lost, and the look for the write failed too), while
 * another promotion q wrote on top of it, released and deployed. When p is started again it
 * finds its old write; recording it would release an older state of the target than q's, and
 * deploying that would roll q back silently. It is refused (STALE_PROMOTION, p closed) instead.
 * A write a crash left with nothing released on top of it is still recorded.
 */
class StandingWriteBehindTest {

  @Test
  void aResumedPromotionWhoseWriteIsBehindANewerReleaseIsClosedWithNothingReleased() {
    try (World world = World.create()) {
      world.newBuild(STAGING);
      PromotionId p = TargetClaimRaceTest.approvedOnce(world).id();
      Revision standing = abandonedWithItsWriteStanding(world, p);
      Promotion q = releasedAndDeployedOnTop(world);
      world.inMemoryNotifier().clear();

      Throwable refused = catchThrowable(() -> world.promotions().resume(p, CAROL));

      assertRefusedBehind(world, p, standing, q, refused);
    }
  }

  /**
   * Pull-request mode, squashed: p's write is a commit on its pull request's branch, which no
   * release on the target descends from, and it landed on the target as another commit. q
   * released on top of that landing: releasing p's write would roll q back, so it is refused.
   * (The in-memory repository plays both: its write of p is the landing, and the branch commit
   * is a revision it answers "not an ancestor" about.)
   */
  @Test
  void aSquashedWriteWhoseLandingIsBehindANewerReleaseIsRefused() {
    try (World world = World.create()) {
      world.newBuild(STAGING);
      PromotionId p = TargetClaimRaceTest.approvedOnce(world).id();
      Revision landing = abandonedWithItsWriteStanding(world, p);
      Promotion q = releasedAndDeployedOnTop(world);
      Revision branchCommit = Revision.of("pr-branch-commit-of-p");
      EnvironmentRepository squashed = new ForwardingEnvironmentRepository(world.environments) {
        @Override
        public Optional<Revision> findWrite(ProjectId project, EnvironmentName environment,
            PromotionId promotion) {
          return promotion.equals(p) ? Optional.of(branchCommit)
              : super.findWrite(project, environment, promotion);
        }

        @Override
        public Delivery delivery(ProjectId project, EnvironmentName environment,
            PromotionId promotion, Revision written) {
          return written.equals(branchCommit)
              ? Delivery.landed("#7", "main", Optional.of(landing))
              : super.delivery(project, environment, promotion, written);
        }

        @Override
        public Optional<Boolean> isAncestor(ProjectId project, EnvironmentName environment,
            Revision ancestor, Revision descendant) {
          return ancestor.equals(branchCommit) ? Optional.of(descendant.equals(branchCommit))
              : super.isAncestor(project, environment, ancestor, descendant);
        }
      };
      try (Baton b = world.engine("engine-b", x -> { }, world.store, squashed, world.deployer,
          world.notifier)) {
        Throwable refused = catchThrowable(() -> b.promotions().resume(p, CAROL));

        assertThat(refused).isInstanceOfSatisfying(BatonException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.STALE_PROMOTION));
        assertThat(refused).hasMessageContaining(branchCommit.value())
            .hasMessageContaining(q.id().value());
      }
      assertThat(world.stored(p).release()).isEmpty();
      assertThat(world.stored(q.id())).isEqualTo(q);
    }
  }

  @Test
  void aRecoveredPromotionWhoseWriteIsBehindANewerReleaseIsNeitherReleasedNorDeployed() {
    try (World world = World.create()) {
      // dev -> staging: no approval needed and deployed as soon as released
      world.newBuild(DEV);
      PromotionId p = abandonedRequestWithItsWriteStanding(world);
      Revision standing = world.environments.findWrite(SHOP, STAGING, p).orElseThrow();
      world.newBuild(DEV);
      Promotion q = world.promotions().request(PromotionRequest.of("shop", "dev", "staging",
          "bob"));
      assertThat(q.status()).isEqualTo(PromotionStatus.COMPLETED);
      Revision qRevision = q.release().orElseThrow().revision();
      assertThat(world.environments.isAncestor(SHOP, STAGING, standing, qRevision))
          .as("q wrote on top of p's write").contains(true);

      world.promotions().recover();

      Promotion closed = world.stored(p);
      assertThat(closed.status()).isEqualTo(PromotionStatus.REJECTED);
      assertThat(closed.release()).isEmpty();
      assertThat(world.inMemoryDeployer().requests()).extracting(DeployRequest::promotion)
          .containsExactly(q.id());
      assertThat(world.environments.read(SHOP, STAGING).revision()).isEqualTo(qRevision);
      assertThat(world.stored(q.id())).isEqualTo(q);
    }
  }

  @Test
  void aWriteFoundOnlyAfterTheFirstLookFailedIsRefusedWhenBehindToo() {
    try (World world = World.create()) {
      world.newBuild(STAGING);
      PromotionId p = TargetClaimRaceTest.approvedOnce(world).id();
      Revision standing = abandonedWithItsWriteStanding(world, p);
      Promotion q = releasedAndDeployedOnTop(world);
      world.inMemoryNotifier().clear();
      // the start's look for the write fails; the look after that failure finds it
      AtomicBoolean failFind = new AtomicBoolean(true);
      EnvironmentRepository firstLookFails = new ForwardingEnvironmentRepository(
          world.environments) {
        @Override
        public Optional<Revision> findWrite(ProjectId project, EnvironmentName environment,
            PromotionId promotion) {
          if (promotion.equals(p) && failFind.getAndSet(false)) {
            throw new BatonException(ErrorCode.BACKEND_FAILURE, "fetch failed");
          }
          return super.findWrite(project, environment, promotion);
        }
      };
      try (Baton b = world.engine("engine-b", x -> { }, world.store, firstLookFails,
          world.deployer, world.notifier)) {
        Throwable refused = catchThrowable(() -> b.promotions().resume(p, CAROL));

        assertThat(failFind).as("the first look failed").isFalse();
        assertRefusedBehind(world, p, standing, q, refused);
      }
    }
  }

  /**
   * A check that cannot be made (the store fails to list the target's releases) decides
   * nothing: the write is neither recorded nor refused, the claim stays so that no other
   * promotion takes the target, and recovery decides once the store answers.
   */
  @Test
  void aCheckThatFailsKeepsTheClaimAndRecoveryDecidesLater() {
    try (World world = World.create()) {
      world.newBuild(STAGING);
      PromotionId p = TargetClaimRaceTest.approvedOnce(world).id();
      Revision standing = abandonedWithItsWriteStanding(world, p);
      Promotion q = releasedAndDeployedOnTop(world);
      world.inMemoryNotifier().clear();
      PromotionStore releasesUnreadable = new ForwardingPromotionStore(world.store) {
        @Override
        public Page<Promotion> query(PromotionQuery query) {
          if (query.statuses().contains(PromotionStatus.COMPLETED)
              && query.target().isPresent()) {
            throw new BatonException(ErrorCode.BACKEND_FAILURE, "database unreachable");
          }
          return super.query(query);
        }
      };
      try (Baton b = world.engine("engine-b", x -> { }, releasesUnreadable, world.environments,
          world.deployer, world.notifier)) {
        assertThat(catchThrowable(() -> b.promotions().resume(p, CAROL)))
            .isInstanceOfSatisfying(BatonException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.BACKEND_FAILURE));
      }
      Promotion kept = world.stored(p);
      assertThat(kept.status()).isEqualTo(PromotionStatus.PENDING_APPROVAL);
      assertThat(kept.claim()).as("the claim, kept").isPresent();
      assertThat(kept.release()).isEmpty();
      assertThat(world.store.targetClaim(SHOP, PRODUCTION)).contains(p);

      try (Baton restarted = world.engine("engine-b", x -> { }, world.store, world.environments,
          world.deployer, world.notifier)) {
        Throwable refused = catchThrowable(() -> restarted.promotions().recover(Duration.ZERO));

        assertRefusedBehind(world, p, standing, q, refused);
      }
    }
  }

  @Test
  void aWriteACrashLeftOnTopOfEarlierReleasesIsStillRecorded() {
    try (World world = World.create()) {
      Promotion earlier = releasedEarlier(world);
      world.clock.advance(Duration.ofMinutes(1));
      world.newBuild(STAGING);
      PromotionId p = TargetClaimRaceTest.approvedOnce(world).id();
      Revision standing = writtenThenCrashed(world, p);

      recoverOn(world, world.environments);

      assertRecorded(world, p, standing, earlier);
    }
  }

  @Test
  void whenTheRepositoryCannotTellAReleaseCreatedAfterTheQuorumRefusesTheWrite() {
    try (World world = World.create()) {
      world.newBuild(STAGING);
      PromotionId p = TargetClaimRaceTest.approvedOnce(world).id();
      Revision standing = abandonedWithItsWriteStanding(world, p);
      world.clock.advance(Duration.ofMinutes(1));
      Promotion q = releasedAndDeployedOnTop(world);
      world.inMemoryNotifier().clear();

      try (Baton c = world.engine("engine-c", x -> { }, world.store,
          cannotTell(world.environments), world.deployer, world.notifier)) {
        Throwable refused = catchThrowable(() -> c.promotions().resume(p, CAROL));

        assertRefusedBehind(world, p, standing, q, refused);
        assertThat(refused).hasMessageContaining("cannot tell");
      }
    }
  }

  @Test
  void whenTheRepositoryCannotTellAReleaseCreatedBeforeTheQuorumLetsACrashedWriteBeRecorded() {
    try (World world = World.create()) {
      Promotion earlier = releasedEarlier(world);
      world.clock.advance(Duration.ofMinutes(1));
      world.newBuild(STAGING);
      PromotionId p = TargetClaimRaceTest.approvedOnce(world).id();
      Revision standing = writtenThenCrashed(world, p);

      recoverOn(world, cannotTell(world.environments));

      assertRecorded(world, p, standing, earlier);
    }
  }

  /**
   * The fallback counts from p's quorum, not its request: a release stamped between p's request
   * and the approval that met p's quorum is taken as made before any write of p (here it was
   * made before the request, by a clock ahead of the request's).
   */
  @Test
  void whenTheRepositoryCannotTellAReleaseStampedBeforeTheQuorumLetsACrashedWriteBeRecorded() {
    try (World world = World.create()) {
      Promotion earlier = releasedByAClockAhead(world);
      world.newBuild(STAGING);
      PromotionId p = TargetClaimRaceTest.approvedOnce(world).id();
      world.clock.advance(Duration.ofMinutes(10));
      Revision standing = writtenThenCrashed(world, p);
      assertThat(earlier.release().orElseThrow().createdAt())
          .isAfter(world.stored(p).requestedAt())
          .isBefore(world.stored(p).approvals().get(1).at());

      recoverOn(world, cannotTell(world.environments));

      assertRecorded(world, p, standing, earlier);
    }
  }

  /**
   * The price of the clock fallback: the release came before p's request and its write, but it
   * was stamped by a clock ahead of the one that stamped p's request (another instance's), so
   * once the target moved past the write (a person's commit) it cannot be told from a release
   * made on top of the write. p is refused; nothing is released.
   */
  @Test
  void whenTheRepositoryCannotTellAReleaseStampedAfterTheQuorumRefusesTheWrite() {
    try (World world = World.create()) {
      Promotion earlier = releasedByAClockAhead(world);
      world.newBuild(STAGING);
      PromotionId p = TargetClaimRaceTest.approvedOnce(world).id();
      Revision standing = writtenThenCrashed(world, p);
      assertThat(world.environments.isAncestor(SHOP, PRODUCTION,
          earlier.release().orElseThrow().revision(), standing)).contains(true);
      handCommitOnTop(world);

      try (Baton restarted = world.engine("engine-9", x -> { }, world.store,
          cannotTell(world.environments), world.deployer, world.notifier)) {
        assertThat(catchThrowable(() -> restarted.promotions().recover(Duration.ZERO)))
            .isInstanceOfSatisfying(BatonException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.STALE_PROMOTION))
            .hasMessageContaining("cannot tell");
      }

      Promotion closed = world.stored(p);
      assertThat(closed.status()).isEqualTo(PromotionStatus.REJECTED);
      assertThat(closed.release()).isEmpty();
      assertThat(world.stored(earlier.id())).isEqualTo(earlier);
    }
  }

  /**
   * The same skewed clock, but the target is still at p's write, as after most crashes: nothing
   * can have been made on top of it, so no release is looked at and the write is recorded.
   */
  @Test
  void aWriteThatIsStillTheTargetsTipIsRecordedWithoutALook() {
    try (World world = World.create()) {
      Promotion earlier = releasedByAClockAhead(world);
      world.newBuild(STAGING);
      PromotionId p = TargetClaimRaceTest.approvedOnce(world).id();
      Revision standing = writtenThenCrashed(world, p);
      assertThat(world.environments.read(SHOP, PRODUCTION).revision()).isEqualTo(standing);

      recoverOn(world, cannotTell(world.environments));

      assertRecorded(world, p, standing, earlier);
    }
  }

  /**
   * The clock says after (a release stamped after p's quorum by a clock ahead), the repository
   * says the release is no descendant of the write: the repository decides, the write is
   * recorded.
   */
  @Test
  void aRepositoryThatCanTellOverridesTheClock() {
    try (World world = World.create()) {
      Promotion earlier = releasedByAClockAhead(world);
      world.newBuild(STAGING);
      PromotionId p = TargetClaimRaceTest.approvedOnce(world).id();
      Revision standing = writtenThenCrashed(world, p);
      handCommitOnTop(world);

      recoverOn(world, world.environments);

      assertRecorded(world, p, standing, earlier);
    }
  }

  /** A release on top that waits for a manual deploy counts as much as a deployed one. */
  @Test
  void aReleaseOnTopWaitingForItsDeployRefusesTheWrite() {
    try (World world = World.create()) {
      world.newBuild(STAGING);
      PromotionId p = TargetClaimRaceTest.approvedOnce(world).id();
      Revision standing = abandonedWithItsWriteStanding(world, p);
      world.newBuild(STAGING);
      PromotionId q = TargetClaimRaceTest.approvedOnce(world).id();
      assertThat(world.promotions().approve(q, CAROL, "ship it").status())
          .isEqualTo(PromotionStatus.PENDING_RELEASE);

      Throwable refused = catchThrowable(() -> world.promotions().resume(p, CAROL));

      assertThat(refused).isInstanceOfSatisfying(BatonException.class,
          e -> assertThat(e.code()).isEqualTo(ErrorCode.STALE_PROMOTION));
      assertThat(refused).hasMessageContaining(standing.value());
      assertThat(world.stored(p).release()).isEmpty();
    }
  }

  /**
   * Every released promotion is looked at, not only the newest requests: q, requested on an
   * instance whose clock is an hour behind, comes after the 20 promotions released before p's
   * write in the order of requests, and its release on top of p's write still refuses it.
   */
  @Test
  void aReleaseOnTopIsFoundWhateverTheOrderOfRequests() {
    try (World world = World.create()) {
      Instant start = world.clock.instant();
      world.clock.advance(Duration.ofHours(1));
      for (int i = 0; i < PromotionStore.LAST_RELEASE_WINDOW; i++) {
        world.newBuild(STAGING);
        PromotionId r = TargetClaimRaceTest.approvedOnce(world).id();
        assertThat(world.promotions().approve(r, CAROL, "ok").status())
            .isEqualTo(PromotionStatus.PENDING_RELEASE);
        world.clock.advance(Duration.ofSeconds(1));
      }
      world.newBuild(STAGING);
      PromotionId p = TargetClaimRaceTest.approvedOnce(world).id();
      Revision standing = abandonedWithItsWriteStanding(world, p);
      world.clock.set(start);
      world.newBuild(STAGING);
      PromotionId q = TargetClaimRaceTest.approvedOnce(world).id();
      Promotion released = world.promotions().approve(q, CAROL, "ship it");
      assertThat(released.status()).isEqualTo(PromotionStatus.PENDING_RELEASE);
      assertThat(world.environments.isAncestor(SHOP, PRODUCTION, standing,
          released.release().orElseThrow().revision())).contains(true);
      world.clock.set(start.plus(Duration.ofHours(2)));

      Throwable refused = catchThrowable(() -> world.promotions().resume(p, CAROL));

      assertThat(refused).isInstanceOfSatisfying(BatonException.class,
          e -> assertThat(e.code()).isEqualTo(ErrorCode.STALE_PROMOTION));
      assertThat(refused).hasMessageContaining(q.value());
      assertThat(world.stored(p).release()).as("p not released").isEmpty();
    }
  }

  /** A person's commit on top of production that changes no file: the target moves on. */
  private static void handCommitOnTop(World world) {
    world.environments.seed(SHOP, PRODUCTION, world.environments.read(SHOP, PRODUCTION).files());
  }

  /** Recovery on a restarted engine reading the environments through {@code environments}. */
  private static void recoverOn(World world, EnvironmentRepository environments) {
    try (Baton restarted = world.engine("engine-9", x -> { }, world.store, environments,
        world.deployer, world.notifier)) {
      restarted.promotions().recover(Duration.ZERO);
    }
  }

  private static void assertRefusedBehind(World world, PromotionId p, Revision standing,
      Promotion q, Throwable refused) {
    Release qRelease = q.release().orElseThrow();
    assertThat(refused).isInstanceOfSatisfying(BatonException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.STALE_PROMOTION));
    assertThat(refused).hasMessageContaining(standing.value())
        .hasMessageContaining(qRelease.id().value())
        .hasMessageContaining(q.id().value())
        .hasMessageContaining("Nothing was released or deployed");
    Promotion closed = world.stored(p);
    assertThat(closed.status()).isEqualTo(PromotionStatus.REJECTED);
    assertThat(closed.claim()).isEmpty();
    assertThat(closed.release()).isEmpty();
    assertThat(closed.closingDecision()).get()
        .satisfies(d -> assertThat(d.kind()).isEqualTo(DecisionKind.INVALIDATE));
    assertThat(world.stored(q.id())).as("q untouched").isEqualTo(q);
    assertThat(world.environments.read(SHOP, PRODUCTION).revision())
        .as("the target still at q's release").isEqualTo(qRelease.revision());
    assertThat(world.environments.commits(SHOP, PRODUCTION)).extracting(c -> c.promotion())
        .as("one commit each, none new").containsExactly(p, q.id());
    assertThat(world.inMemoryDeployer().requests()).extracting(DeployRequest::promotion)
        .containsExactly(q.id());
    assertThat(world.store.targetClaim(SHOP, PRODUCTION)).isEmpty();
    // told as for any refusal at execution that closes the promotion: the start's APPROVED,
    // then REJECTED with the reason; nothing of a release
    assertThat(world.inMemoryNotifier().delivered()).allSatisfy(
        n -> assertThat(n.promotion()).isEqualTo(p))
        .extracting(n -> n.kind())
        .containsExactly(NotificationKind.APPROVED, NotificationKind.REJECTED);
    assertThat(world.inMemoryNotifier().delivered()).last().satisfies(n -> {
      assertThat(n.recipients()).contains(ALICE);
      assertThat(n.summary()).contains("STALE_PROMOTION").contains(standing.value());
    });
  }

  private static void assertRecorded(World world, PromotionId p, Revision standing,
      Promotion earlier) {
    Promotion after = world.stored(p);
    assertThat(after.status()).isEqualTo(PromotionStatus.PENDING_RELEASE);
    assertThat(after.claim()).isEmpty();
    assertThat(after.release().orElseThrow().revision()).isEqualTo(standing);
    assertThat(world.environments.commits(SHOP, PRODUCTION)).extracting(c -> c.promotion())
        .containsExactly(earlier.id(), p);
    assertThat(world.stored(earlier.id())).isEqualTo(earlier);
  }

  /**
   * Approves {@code p} (whose quorum this approval meets) on an engine whose repository commits
   * the write and loses the answer, then fails the look for the write: the claim is dropped with
   * the write standing. Returns the write.
   */
  private static Revision abandonedWithItsWriteStanding(World world, PromotionId p) {
    try (Baton a = world.engine("engine-a", x -> { }, world.store,
        ClaimStepBackTest.answerLostThenLookFails(world.environments, p),
        new InMemoryDeployer(), new InMemoryNotifier())) {
      assertThat(catchThrowable(() -> a.promotions().approve(p, CAROL, "ship it")))
          .isInstanceOf(BatonException.class);
    }
    Promotion abandoned = world.stored(p);
    assertThat(abandoned.status()).isEqualTo(PromotionStatus.PENDING_APPROVAL);
    assertThat(abandoned.claim()).isEmpty();
    return world.environments.findWrite(SHOP, PRODUCTION, p).orElseThrow();
  }

  /** As {@link #abandonedWithItsWriteStanding}, for a dev to staging request (no approval). */
  private static PromotionId abandonedRequestWithItsWriteStanding(World world) {
    AtomicBoolean armed = new AtomicBoolean(true);
    EnvironmentRepository firstWrite = new ForwardingEnvironmentRepository(world.environments) {
      @Override
      public WriteResult write(EnvironmentWrite write) {
        WriteResult made = super.write(write);
        if (armed.get()) {
          throw new BatonException(ErrorCode.BACKEND_FAILURE, "push answer lost");
        }
        return made;
      }

      @Override
      public Optional<Revision> findWrite(ProjectId project, EnvironmentName environment,
          PromotionId promotion) {
        if (armed.get() && !super.findWrite(project, environment, promotion).isEmpty()) {
          armed.set(false);
          throw new BatonException(ErrorCode.BACKEND_FAILURE, "fetch failed");
        }
        return super.findWrite(project, environment, promotion);
      }
    };
    try (Baton a = world.engine("engine-a", x -> { }, world.store, firstWrite,
        new InMemoryDeployer(), new InMemoryNotifier())) {
      assertThat(catchThrowable(() -> a.promotions().request(PromotionRequest.of("shop", "dev",
          "staging", "alice")))).isInstanceOf(BatonException.class);
    }
    Promotion abandoned = world.store.query(PromotionQuery.of(SHOP)).items()
        .get(0);
    assertThat(abandoned.status()).isEqualTo(PromotionStatus.PENDING_APPROVAL);
    assertThat(abandoned.claim()).isEmpty();
    return abandoned.id();
  }

  /** A repository that keeps no order of its revisions (the port's default answer). */
  private static EnvironmentRepository cannotTell(EnvironmentRepository real) {
    return new ForwardingEnvironmentRepository(real) {
      @Override
      public Optional<Boolean> isAncestor(ProjectId project, EnvironmentName environment,
          Revision ancestor, Revision descendant) {
        return Optional.empty();
      }
    };
  }

  /**
   * Another staging to production promotion approved by Carol, written on top of whatever the
   * target holds, released and deployed by hand.
   */
  private static Promotion releasedAndDeployedOnTop(World world) {
    world.newBuild(STAGING);
    PromotionId q = TargetClaimRaceTest.approvedOnce(world).id();
    assertThat(world.promotions().approve(q, CAROL, "ship it").status())
        .isEqualTo(PromotionStatus.PENDING_RELEASE);
    Promotion deployed = world.promotions().deploy(q, BOB);
    assertThat(deployed.status()).isEqualTo(PromotionStatus.COMPLETED);
    return deployed;
  }

  /**
   * As {@link #releasedEarlier}, its release stamped by a clock five minutes ahead of the one
   * the test goes on with (another instance's).
   */
  private static Promotion releasedByAClockAhead(World world) {
    Instant start = world.clock.instant();
    world.clock.advance(Duration.ofMinutes(5));
    Promotion earlier = releasedEarlier(world);
    world.clock.set(start);
    return earlier;
  }

  /** A qa to production promotion released (waiting for a manual deploy). */
  private static Promotion releasedEarlier(World world) {
    Promotion released = TargetClaimRaceTest.waitingForAManualDeploy(world);
    assertThat(released.status()).isEqualTo(PromotionStatus.PENDING_RELEASE);
    return world.stored(released.id());
  }

  /**
   * Approves {@code p} on an engine that dies right after the repository committed its write,
   * before the write is recorded: the claim stays at CLAIMED. Returns the write.
   */
  private static Revision writtenThenCrashed(World world, PromotionId p) {
    CrashRecoveryTest.Fuse fuse = new CrashRecoveryTest.Fuse(1, true);
    try (Baton doomed = world.engine("engine-9", x -> { }, world.store,
        new CrashRecoveryTest.FusedEnvironments(world.environments, fuse),
        new InMemoryDeployer(), new InMemoryNotifier())) {
      assertThat(catchThrowable(() -> doomed.promotions().approve(p, CAROL, "ship it")))
          .isInstanceOf(CrashRecoveryTest.Crash.class);
    }
    assertThat(world.stored(p).claim()).isPresent();
    return world.environments.findWrite(SHOP, PRODUCTION, p).orElseThrow();
  }
}

package dev.baton;

import static dev.baton.World.BOB;
import static dev.baton.World.CAROL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.lifecycle.Lifecycle;
import dev.baton.lifecycle.PromotionEvent;
import dev.baton.memory.InMemoryDeployer;
import dev.baton.memory.InMemoryNotifier;
import dev.baton.model.CasResult;
import dev.baton.model.DeployPolicy;
import dev.baton.model.DeployState;
import dev.baton.model.EnvironmentName;
import dev.baton.model.EnvironmentWrite;
import dev.baton.model.Notification;
import dev.baton.model.NotificationKind;
import dev.baton.model.ProjectId;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionStatus;
import dev.baton.model.Revision;
import dev.baton.model.StatusChange;
import dev.baton.model.WriteResult;
import dev.baton.spi.EnvironmentRepository;
import dev.baton.spi.ForwardingEnvironmentRepository;
import dev.baton.spi.ForwardingPromotionStore;
import dev.baton.spi.PromotionStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a promotion that does not execute (it steps back, or finds the promotion moved by a peer)
 * leaves behind: no write unrecorded, no second execution, no release left without a word why.
 * Interleavings forced with store wrappers and latches, as in {@link TargetClaimRaceTest}.
 */
class ClaimStepBackTest {
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  /**
   * An executor looked, found nobody, wrote production and died before recording the write.
   * Meanwhile a later promotion stored its claim (it will see this one's and step back). The
   * take-over must not drop its claim and leave the write unrecorded: it keeps the claim while
   * the later one holds its own, and records the write once alone.
   */
  @Test
  void recoveryOfAClaimWhoseWriteStandsRecordsTheWriteInsteadOfSteppingBack() {
    CountDownLatch stuck = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    try (World world = World.create()) {
      TargetClaimRaceTest.waitingForAManualDeploy(world);
      world.newBuild(World.STAGING);
      PromotionId p = TargetClaimRaceTest.approvedOnce(world).id();
      PromotionStore dies = new ForwardingPromotionStore(world.store) {
        @Override
        public CasResult compareAndSet(long expectedVersion, Promotion next,
            List<Notification> notifications) {
          if (next.id().equals(p) && World.carriesWrite(next)) {
            stuck.countDown();
            TargetClaimRaceTest.await(never); // the process is gone
            return CasResult.VERSION_MISMATCH;
          }
          return super.compareAndSet(expectedVersion, next, notifications);
        }
      };
      try (Baton x = TargetClaimRaceTest.engine(world, "engine-x", dies,
          new InMemoryDeployer())) {
        threads.submit(() -> x.promotions().approve(p, CAROL, "ship it"));
        TargetClaimRaceTest.await(stuck);
        Revision written = world.environments.findWrite(World.SHOP, World.PRODUCTION, p)
            .orElseThrow();
        world.clock.advance(Duration.ofMinutes(5));
        world.newBuild(World.STAGING);
        PromotionId later = TargetClaimRaceTest.claimedBeforeItsLook(world,
            TargetClaimRaceTest.approvedOnce(world), "engine-c/x-1");

        // the take-over looks, finds the later claim and, its write standing, keeps its own
        // claim unrun: neither beside the later one nor dropping an unrecorded write
        assertThat(world.promotions().recover(Duration.ofMinutes(1))).isEmpty();
        assertThat(world.stored(p).claim()).as("p's claim, kept").isPresent();
        assertThat(world.stored(p).status()).isEqualTo(PromotionStatus.PENDING_APPROVAL);
        assertThat(world.stored(later).claim()).as("the later claim is its own to drop")
            .isPresent();

        // once the later claim is stale too, its take-over finds p's and steps back, p's next
        // take-over, alone, records the standing write, and the later one starts after it
        world.clock.advance(Duration.ofMinutes(5));
        world.promotions().recover(Duration.ofMinutes(1));
        world.promotions().recover(Duration.ofMinutes(1));

        Promotion now = world.stored(p);
        assertThat(now.status()).isEqualTo(PromotionStatus.PENDING_RELEASE);
        assertThat(now.release().get().revision()).as("the standing write recorded")
            .isEqualTo(written);
        // the later promotion, its approvals standing, then executed on top, once p was done
        Promotion after = world.stored(later);
        assertThat(after.claim()).isEmpty();
        assertThat(after.status()).isEqualTo(PromotionStatus.PENDING_RELEASE);
        assertThat(world.environments.read(World.SHOP, World.PRODUCTION).revision())
            .isEqualTo(after.release().get().revision()).isNotEqualTo(written);
      } finally {
        never.countDown();
      }
    }
  }

  /**
   * A resume's claim compare-and-set loses to a peer's resume that executes the promotion to
   * the end. Read again, the promotion is PENDING_RELEASE: the resume returns it as it stands and
   * executes nothing a second time.
   */
  @Test
  void aResumeThatLosesItsClaimToAPeerThatFinishedDoesNotExecuteAgain() {
    try (World world = World.create()) {
      PromotionId p = quorumMetNotStarted(world);
      try (Baton b = TargetClaimRaceTest.engine(world, "engine-b", world.store,
          new InMemoryDeployer())) {
        AtomicReference<Promotion> byB = new AtomicReference<>();
        try (Baton a = TargetClaimRaceTest.engine(world, "engine-a",
            beforeFirstClaim(world.store, p, () -> byB.set(b.promotions().resume(p, CAROL))),
            new InMemoryDeployer())) {
          Promotion byA = a.promotions().resume(p, CAROL);

          assertThat(byB.get().status()).isEqualTo(PromotionStatus.PENDING_RELEASE);
          assertThat(byA.status()).isEqualTo(PromotionStatus.PENDING_RELEASE);
          assertThat(byA.release()).isEqualTo(byB.get().release());
        }
      }
      Promotion now = world.stored(p);
      assertThat(now.claim()).isEmpty();
      assertThat(now.history()).extracting(StatusChange::to)
          .filteredOn(PromotionStatus.PENDING_RELEASE::equals).hasSize(1);
    }
  }

  /**
   * A resume's claim compare-and-set loses to a peer that claimed the promotion. Read again, the
   * promotion is claimed: the resume answers PROMOTION_IN_PROGRESS and leaves the claim alone.
   */
  @Test
  void aResumeThatLosesItsClaimToAPeerLeavesThePeersClaimAlone() {
    try (World world = World.create()) {
      PromotionId p = quorumMetNotStarted(world);
      AtomicReference<Promotion> peer = new AtomicReference<>();
      try (Baton a = TargetClaimRaceTest.engine(world, "engine-a",
          beforeFirstClaim(world.store, p, () -> peer.set(claimedAsIs(world, p, "engine-b/x-1"))),
          new InMemoryDeployer())) {
        Throwable outcome = catchThrowable(() -> a.promotions().resume(p, CAROL));

        assertThat(outcome).isInstanceOfSatisfying(BatonException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.PROMOTION_IN_PROGRESS));
      }
      Promotion now = world.stored(p);
      assertThat(now.claim()).isEqualTo(peer.get().claim());
      assertThat(now.version()).isEqualTo(peer.get().version());
      assertThat(world.environments.findWrite(World.SHOP, World.PRODUCTION, p)).isEmpty();
    }
  }

  /**
   * A merged release whose deploy decision steps back (another promotion holds an execution
   * claim into the target) waits for a deploy by hand and says so: the reason in its deploy
   * message and its history, and the requester told.
   */
  @Test
  void aMergedReleaseThatStepsBackSaysWhyItWaitsForADeployByHand() {
    try (World world = World.create()) {
      AtomicBoolean merged = new AtomicBoolean();
      EnvironmentRepository pullRequests = world.pullRequests(merged);
      InMemoryDeployer deployer = new InMemoryDeployer();
      InMemoryNotifier notifier = new InMemoryNotifier();
      try (Baton direct = world.engine("engine-pr", x -> x.claimLease(Duration.ofMinutes(1))
          .deployPolicies((project, environment, declared) -> DeployPolicy.DIRECT),
          world.store, pullRequests, deployer, notifier)) {
        Promotion request = direct.promotions().request(PromotionRequest.of("shop", "qa",
            "production", "alice"));
        PromotionId waiting = direct.promotions().approve(request.id(), BOB, "ok").id();
        world.newBuild(World.STAGING);
        PromotionId other = TargetClaimRaceTest.claimedBeforeItsLook(world,
            TargetClaimRaceTest.approvedOnce(world), "engine-b/x-1");
        int historyBefore = world.stored(waiting).history().size();
        notifier.clear();

        merged.set(true);
        assertThat(direct.promotions().recover()).isEmpty();

        assertThat(deployer.requests()).isEmpty();
        Promotion p = world.stored(waiting);
        String why = "promotion " + other + " is executing into production";
        assertThat(p.status()).isEqualTo(PromotionStatus.PENDING_RELEASE);
        assertThat(p.claim()).isEmpty();
        assertThat(p.release().get().deployState()).isEqualTo(DeployState.WAITING);
        assertThat(p.release().get().deployMessage()).contains(why, "deploy by hand");
        assertThat(p.history()).hasSize(historyBefore + 2); // merged, then waiting
        assertThat(p.history().get(historyBefore + 1).reason()).contains(why);
        assertThat(notifier.delivered()).filteredOn(n -> n.promotion().equals(waiting))
            .singleElement().satisfies(n -> {
              assertThat(n.kind()).isEqualTo(NotificationKind.PENDING_RELEASE);
              assertThat(n.summary()).contains(why);
            });
        assertThat(world.store.targetClaim(World.SHOP, World.PRODUCTION)).contains(other);
      }
    }
  }

  /**
   * A promotion whose start finds another execution claimed steps back; its requester, told at
   * the start that it was approved, is told too that it waits for the target and why.
   */
  @Test
  void aStartThatStepsBackTellsTheRequesterItWaitsForTheTarget() {
    try (World world = World.create()) {
      TargetClaimRaceTest.waitingForAManualDeploy(world);
      world.newBuild(World.STAGING);
      PromotionId other = TargetClaimRaceTest.claimedBeforeItsLook(world,
            TargetClaimRaceTest.approvedOnce(world), "engine-b/x-1");
      PromotionId p = quorumMetNotStarted(world);
      InMemoryNotifier notifier = new InMemoryNotifier();
      try (Baton a = world.engine("engine-a", x -> x.claimLease(Duration.ofMinutes(1)),
          world.store, world.environments, new InMemoryDeployer(), notifier)) {
        // the target's claim was given up (as a step-back leaves it): the start claims and looks
        world.store.compareAndSetTargetClaim(World.SHOP, World.PRODUCTION,
            world.store.targetClaim(World.SHOP, World.PRODUCTION), Optional.empty());
        Throwable outcome = catchThrowable(() -> a.promotions().resume(p, CAROL));

        assertThat(outcome).isInstanceOfSatisfying(BatonException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.PROMOTION_IN_PROGRESS));
        assertThat(world.stored(p).claim()).isEmpty();
        assertThat(notifier.delivered()).filteredOn(n -> n.promotion().equals(p))
            .extracting(Notification::summary)
            .anySatisfy(s -> assertThat(s).contains("waits for production",
                "promotion " + other + " is executing into production"));
      }
    }
  }

  /**
   * The repository commits the write, then fails to answer. The claim is not dropped with the
   * write standing under no claim (another promotion would take the target and write over it):
   * the write is found, recorded, and the execution goes on.
   */
  @Test
  void aWriteThatStandsAfterItsCallFailedIsRecordedNotAbandoned() {
    try (World world = World.create()) {
      TargetClaimRaceTest.waitingForAManualDeploy(world);
      AtomicBoolean failOnce = new AtomicBoolean(true);
      EnvironmentRepository lostAnswer = new ForwardingEnvironmentRepository(world.environments) {
        @Override
        public WriteResult write(EnvironmentWrite write) {
          WriteResult made = super.write(write);
          if (failOnce.getAndSet(false)) {
            throw new BatonException(ErrorCode.BACKEND_FAILURE, "push answer lost");
          }
          return made;
        }
      };
      try (Baton a = world.engine("engine-a", x -> x.claimLease(Duration.ofMinutes(1)),
          world.store, lostAnswer, new InMemoryDeployer(), new InMemoryNotifier())) {
        world.newBuild(World.STAGING);
        PromotionId p = TargetClaimRaceTest.approvedOnce(world).id();

        Promotion done = a.promotions().approve(p, CAROL, "ship it");

        Revision written = world.environments.findWrite(World.SHOP, World.PRODUCTION, p)
            .orElseThrow();
        assertThat(done.status()).isEqualTo(PromotionStatus.PENDING_RELEASE);
        assertThat(done.release().get().revision()).isEqualTo(written);
        assertThat(world.stored(p).claim()).isEmpty();
        assertThat(world.store.targetClaim(World.SHOP, World.PRODUCTION)).isEmpty();
      }
    }
  }

  /** A staging to production promotion whose quorum is met and which never started. */
  private static PromotionId quorumMetNotStarted(World world) {
    world.newBuild(World.STAGING);
    Promotion read = world.stored(TargetClaimRaceTest.approvedOnce(world).id());
    Promotion approved = Lifecycle.apply(read, new PromotionEvent.Approve(CAROL, "ok",
        world.clock.instant()));
    assertThat(world.store.compareAndSet(read.version(), approved, List.of()))
        .isEqualTo(CasResult.APPLIED);
    return read.id();
  }

  /**
   * A write of p stands from an earlier claim that was dropped (its write call failed, and so
   * did the look for the write), q then executes, and a later claim of p dies before its look.
   * Recovery of that claim looks, finds q and, since a write of p may stand, keeps p's claim
   * without running it: neither beside q nor stepping back from an unrecorded write.
   */
  @Test
  void aTakeOverThatFindsAnotherExecutionWhileItsWriteMayStandKeepsItsClaimUnrun() {
    try (World world = World.create()) {
      TargetClaimRaceTest.waitingForAManualDeploy(world);
      world.newBuild(World.STAGING);
      PromotionId p = TargetClaimRaceTest.approvedOnce(world).id();
      try (Baton a = world.engine("engine-a", x -> x.claimLease(Duration.ofMinutes(1)),
          world.store, answerLostThenLookFails(world.environments, p), new InMemoryDeployer(),
          new InMemoryNotifier())) {
        assertThat(catchThrowable(() -> a.promotions().approve(p, CAROL, "ship it")))
            .isInstanceOf(BatonException.class);
      }
      assertThat(world.stored(p).claim()).isEmpty();
      assertThat(world.environments.findWrite(World.SHOP, World.PRODUCTION, p)).isPresent();
      world.newBuild(World.STAGING);
      PromotionId q = TargetClaimRaceTest.claimedBeforeItsLook(world,
            TargetClaimRaceTest.approvedOnce(world), "engine-b/x-1");
      claimedAsIs(world, p, "engine-c/x-9");
      world.clock.advance(Duration.ofMinutes(5));
      Promotion qNow = world.stored(q);
      assertThat(world.store.compareAndSet(qNow.version(), Lifecycle.apply(qNow,
          new PromotionEvent.Renew(CAROL, world.clock.instant())), List.of()))
          .isEqualTo(CasResult.APPLIED);

      List<Promotion> moved = world.promotions().recover(Duration.ofMinutes(1));

      assertThat(moved).extracting(Promotion::id).doesNotContain(p);
      assertThat(world.stored(p).status()).isEqualTo(PromotionStatus.PENDING_APPROVAL);
      assertThat(world.stored(p).claim()).as("p's claim, kept").isPresent();
      assertThat(world.stored(p).release()).isEmpty();
      assertThat(world.stored(q).claim()).as("q's claim").isPresent();
    }
  }

  /**
   * The first write of {@code p} commits but its answer is lost; the next look for it fails
   * (also {@code StandingWriteBehindTest}'s).
   */
  static EnvironmentRepository answerLostThenLookFails(EnvironmentRepository real,
      PromotionId p) {
    AtomicBoolean failWrite = new AtomicBoolean(true);
    AtomicBoolean failFind = new AtomicBoolean(true);
    return new ForwardingEnvironmentRepository(real) {
      @Override
      public WriteResult write(EnvironmentWrite write) {
        WriteResult made = super.write(write);
        if (write.commit().promotion().equals(p) && failWrite.getAndSet(false)) {
          throw new BatonException(ErrorCode.BACKEND_FAILURE, "push answer lost");
        }
        return made;
      }

      @Override
      public Optional<Revision> findWrite(ProjectId project, EnvironmentName environment,
          PromotionId promotion) {
        if (promotion.equals(p) && !failWrite.get() && failFind.getAndSet(false)) {
          throw new BatonException(ErrorCode.BACKEND_FAILURE, "fetch failed");
        }
        return super.findWrite(project, environment, promotion);
      }
    };
  }

  /** Stores an execution claim on a promotion whose quorum is met, as a peer's start would. */
  private static Promotion claimedAsIs(World world, PromotionId id, String owner) {
    Promotion read = world.stored(id);
    Promotion claimed = Lifecycle.apply(read, new PromotionEvent.Claim(owner, CAROL,
        world.clock.instant()));
    assertThat(world.store.compareAndSet(read.version(), claimed, List.of()))
        .isEqualTo(CasResult.APPLIED);
    return claimed;
  }

  /** A store that runs {@code peer} once, right before the first claim of {@code p} is stored. */
  private static PromotionStore beforeFirstClaim(PromotionStore store, PromotionId p,
      Runnable peer) {
    AtomicBoolean first = new AtomicBoolean(true);
    return new ForwardingPromotionStore(store) {
      @Override
      public CasResult compareAndSet(long expectedVersion, Promotion next,
          List<Notification> notifications) {
        if (next.id().equals(p) && next.claim().isPresent() && first.getAndSet(false)) {
          peer.run();
        }
        return super.compareAndSet(expectedVersion, next, notifications);
      }
    };
  }
}

package dev.baton;

import static dev.baton.World.BOB;
import static dev.baton.World.CAROL;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.baton.ClaimFencingTest.SlowDeployer;
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
import dev.baton.model.ExecutionStep;
import dev.baton.model.Notification;
import dev.baton.model.Page;
import dev.baton.model.ProjectId;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionQuery;
import dev.baton.model.PromotionStatus;
import dev.baton.spi.Deployer;
import dev.baton.spi.EnvironmentRepository;
import dev.baton.spi.ForwardingPromotionStore;
import dev.baton.spi.PromotionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Races on one target's claim with three promotions, forced step by step as in
 * {@link ClaimFencingTest}: each engine has its own store wrapper that pauses at a chosen call.
 * What must hold whatever the interleaving: no promotion executes into the target (writes,
 * releases or deploys) while another executes into it. What it costs: two that claim and look at
 * once both step back, and recovery starts them later.
 */
class TargetClaimRaceTest {
  private static final Duration LEASE = Duration.ofMinutes(1);

  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  /**
   * A takes the target and is about to store its execution claim; B finds A not live and takes
   * the target; A claims, finds the target still its own and deploys; B looks again, sees A live
   * and gives the target back, but before that C found B not live (B never claims) and took the
   * target from B. B's give-back fails. C must not execute beside A.
   */
  @Test
  void aThirdPromotionThatTakesTheTargetFromOneSteppingBackDoesNotExecuteBesideTheHolder()
      throws Exception {
    try (World world = World.create()) {
      Promotion manual = waitingForAManualDeploy(world);
      world.newBuild(World.STAGING);
      Promotion second = approvedOnce(world);
      Promotion third = approvedOnce(world);
      PromotionId a = manual.id();
      PromotionId b = second.id();
      PromotionId c = third.id();
      CountDownLatch aTookTheTarget = new CountDownLatch(1);
      CountDownLatch bLookedAtA = new CountDownLatch(1);
      CountDownLatch bGivesBack = new CountDownLatch(1);
      CountDownLatch cTookTheTarget = new CountDownLatch(1);
      SlowDeployer deployer = new SlowDeployer();
      PromotionStore aSide = new ForwardingPromotionStore(world.store) {
        @Override
        public CasResult compareAndSet(long expectedVersion, Promotion next,
            List<Notification> notifications) {
          if (next.id().equals(a) && next.claim().isPresent()
              && aTookTheTarget.getCount() > 0) {
            aTookTheTarget.countDown();
            await(bLookedAtA);
          }
          return super.compareAndSet(expectedVersion, next, notifications);
        }
      };
      PromotionStore bSide = new ForwardingPromotionStore(world.store) {
        @Override
        public boolean compareAndSetTargetClaim(ProjectId project, EnvironmentName target,
            Optional<PromotionId> expected, Optional<PromotionId> next) {
          if (expected.equals(Optional.of(a)) && next.equals(Optional.of(b))) {
            // B judged A not live; A now claims, checks and deploys before B's take lands
            bLookedAtA.countDown();
            awaitDeployEntered(deployer);
          } else if (expected.equals(Optional.of(b)) && next.equals(Optional.of(a))) {
            bGivesBack.countDown();
            await(cTookTheTarget);
          }
          return super.compareAndSetTargetClaim(project, target, expected, next);
        }
      };
      PromotionStore cSide = new ForwardingPromotionStore(world.store) {
        @Override
        public boolean compareAndSetTargetClaim(ProjectId project, EnvironmentName target,
            Optional<PromotionId> expected, Optional<PromotionId> next) {
          boolean taken = super.compareAndSetTargetClaim(project, target, expected, next);
          if (taken && expected.equals(Optional.of(b)) && next.equals(Optional.of(c))) {
            cTookTheTarget.countDown();
          }
          return taken;
        }
      };
      try (Baton engineA = engine(world, "engine-a", aSide, deployer);
          Baton engineB = engine(world, "engine-b", bSide, new InMemoryDeployer());
          Baton engineC = engine(world, "engine-c", cSide, new InMemoryDeployer())) {
        Future<Promotion> deploying = background(() -> engineA.promotions().deploy(a, CAROL));
        await(aTookTheTarget);
        Future<Promotion> approvingB = background(() -> engineB.promotions().approve(b, CAROL,
            "ship it"));
        await(bGivesBack);
        Future<Promotion> approvingC = background(() -> engineC.promotions().approve(c, CAROL,
            "ship it too"));

        Throwable cOutcome = outcome(approvingC);
        Throwable bOutcome = outcome(approvingB);

        // A still deploys (its deploy waits at the gate): nothing else may have executed.
        assertThat(world.stored(a).claim().map(x -> x.step())).contains(ExecutionStep.DEPLOYING);
        Promotion cNow = world.stored(c);
        assertThat(cNow.release()).as("C executed into production beside A's deploy: %s",
            cNow.history()).isEmpty();
        assertThat(cNow.claim()).isEmpty();
        assertThat(world.stored(b).release()).isEmpty();
        assertInProgress(cOutcome);
        assertInProgress(bOutcome);

        deployer.gate.open();
        assertThat(deploying.get(60, SECONDS).status()).isEqualTo(PromotionStatus.COMPLETED);
        assertThat(deployer.requests()).hasSize(1);
        assertThat(world.store.targetClaim(World.SHOP, World.PRODUCTION))
            .as("the target is free once A finished").isEmpty();

        // C's approval met its quorum and stands: recovery executes it now that A is done.
        assertThat(cNow.status()).isEqualTo(PromotionStatus.PENDING_APPROVAL);
        assertThat(world.promotions().recover()).extracting(Promotion::id).containsExactly(c);
        assertThat(world.stored(c).status()).isEqualTo(PromotionStatus.PENDING_RELEASE);
        assertThat(world.stored(c).release().get().deployState()).isEqualTo(DeployState.WAITING);
      }
    }
  }

  /**
   * The price of the rule: B takes the target from A before A claims, both claim, and each looks
   * after both claims and before either steps back. Each sees the other, so neither executes
   * (either may be running for all the other can tell); the approval that met B's quorum stands,
   * and recovery starts it.
   */
  @Test
  void twoPromotionsThatClaimAndLookAtOnceBothStepBackAndRecoveryStartsOne() throws Exception {
    try (World world = World.create()) {
      Promotion manual = waitingForAManualDeploy(world);
      world.newBuild(World.STAGING);
      PromotionId a = manual.id();
      PromotionId b = approvedOnce(world).id();
      CountDownLatch aTookTheTarget = new CountDownLatch(1);
      CountDownLatch bClaimed = new CountDownLatch(1);
      CountDownLatch aClaimed = new CountDownLatch(1);
      CountDownLatch aLooked = new CountDownLatch(1);
      CountDownLatch bLooked = new CountDownLatch(1);
      PromotionStore aSide = new ForwardingPromotionStore(world.store) {
        @Override
        public CasResult compareAndSet(long expectedVersion, Promotion next,
            List<Notification> notifications) {
          boolean claiming = next.id().equals(a) && next.claim().isPresent()
              && aTookTheTarget.getCount() > 0;
          if (claiming) {
            aTookTheTarget.countDown();
            await(bClaimed);
          }
          CasResult result = super.compareAndSet(expectedVersion, next, notifications);
          if (claiming) {
            aClaimed.countDown();
          }
          return result;
        }

        @Override
        public Page<Promotion> query(PromotionQuery query) {
          Page<Promotion> page = super.query(query);
          if (query.executingOnly()) {
            aLooked.countDown();
            await(bLooked);
          }
          return page;
        }
      };
      PromotionStore bSide = new ForwardingPromotionStore(world.store) {
        @Override
        public CasResult compareAndSet(long expectedVersion, Promotion next,
            List<Notification> notifications) {
          CasResult result = super.compareAndSet(expectedVersion, next, notifications);
          if (next.id().equals(b) && next.claim().isPresent()) {
            bClaimed.countDown();
          }
          return result;
        }

        @Override
        public Page<Promotion> query(PromotionQuery query) {
          if (query.executingOnly()) {
            await(aClaimed);
          }
          Page<Promotion> page = super.query(query);
          if (query.executingOnly()) {
            bLooked.countDown();
            await(aLooked);
          }
          return page;
        }
      };
      SlowDeployer deployer = new SlowDeployer();
      deployer.gate.open();
      try (Baton engineA = engine(world, "engine-a", aSide, deployer);
          Baton engineB = engine(world, "engine-b", bSide, new InMemoryDeployer())) {
        Future<Promotion> deploying = background(() -> engineA.promotions().deploy(a, CAROL));
        await(aTookTheTarget);
        Future<Promotion> approving = background(() -> engineB.promotions().approve(b, CAROL,
            "ship it"));

        assertInProgress(outcome(deploying));
        assertInProgress(outcome(approving));
        assertThat(deployer.requests()).isEmpty();
        assertThat(world.stored(a).claim()).isEmpty();
        assertThat(world.stored(b).claim()).isEmpty();
        assertThat(world.stored(b).release()).isEmpty();

        assertThat(world.promotions().recover()).extracting(Promotion::id).containsExactly(b);
        assertThat(world.stored(b).status()).isEqualTo(PromotionStatus.PENDING_RELEASE);
      }
    }
  }

  /**
   * An engine stored the approval that met the quorum with its execution claim, then its process
   * died before it looked for another execution into the target, while a manual deploy into
   * that target was already running. Restarted, it must not recover the claim by executing.
   */
  @Test
  void recoveryLooksForAnotherExecutionBeforeRunningAClaimLeftBeforeItsLook() throws Exception {
    try (World world = World.create()) {
      Promotion manual = waitingForAManualDeploy(world);
      world.newBuild(World.STAGING);
      PromotionId other = approvedOnce(world).id();
      SlowDeployer deployer = new SlowDeployer();
      try (Baton a = engine(world, "engine-a", world.store, deployer);
          Baton b = engine(world, "engine-b", world.store, new InMemoryDeployer())) {
        Future<Promotion> deploying = background(() -> a.promotions().deploy(manual.id(),
            CAROL));
        deployer.gate.awaitEntered();
        claimedBeforeItsLook(world, world.stored(other), "engine-b/x-gone");

        // engine-b again (a restart): the claim is its own instance's and it does not run it
        assertThat(b.promotions().recover()).as("nothing recovered beside the deploy").isEmpty();
        Promotion stepped = world.stored(other);
        assertThat(stepped.status()).isEqualTo(PromotionStatus.PENDING_APPROVAL);
        assertThat(stepped.claim()).isEmpty();
        assertThat(stepped.release()).isEmpty();
        assertThat(world.environments.read(World.SHOP, World.PRODUCTION).revision())
            .as("production not written").isEqualTo(manual.release().get().revision());

        deployer.gate.open();
        assertThat(deploying.get(60, SECONDS).status()).isEqualTo(PromotionStatus.COMPLETED);
        assertThat(b.promotions().recover()).extracting(Promotion::id).containsExactly(other);
        assertThat(world.stored(other).status()).isEqualTo(PromotionStatus.PENDING_RELEASE);
      }
    }
  }

  /**
   * A merged release's deploy decision takes a free target and claims, then finds another
   * promotion into the target holding an execution claim (one that took the target from a
   * promotion stepping back, as above, and lost it again): it does not deploy beside it, and
   * the release waits for a deploy by hand.
   */
  @Test
  void aMergedReleaseThatFindsAnotherExecutionClaimedWaitsForADeployByHand() {
    try (World world = World.create()) {
      AtomicBoolean merged = new AtomicBoolean();
      EnvironmentRepository pullRequests = world.pullRequests(merged);
      InMemoryDeployer deployer = new InMemoryDeployer();
      try (Baton direct = world.engine("engine-pr", x -> x.claimLease(LEASE)
          .deployPolicies((project, environment, declared) -> DeployPolicy.DIRECT),
          world.store, pullRequests, deployer, new InMemoryNotifier())) {
        Promotion request = direct.promotions().request(PromotionRequest.of("shop", "qa",
            "production", "alice"));
        PromotionId waiting = direct.promotions().approve(request.id(), BOB, "ok").id();
        assertThat(world.stored(waiting).release().get().deployState())
            .isEqualTo(DeployState.AWAITING_MERGE);
        world.newBuild(World.STAGING);
        PromotionId other = claimedBeforeItsLook(world, approvedOnce(world), "engine-b/x-1");

        merged.set(true);
        assertThat(direct.promotions().recover()).as("not moved on").isEmpty();

        assertThat(deployer.requests()).as("nothing deployed beside the other").isEmpty();
        Promotion p = world.stored(waiting);
        assertThat(p.status()).isEqualTo(PromotionStatus.PENDING_RELEASE);
        assertThat(p.claim()).isEmpty();
        assertThat(p.release().get().deployState()).isEqualTo(DeployState.WAITING);
        assertThat(world.store.targetClaim(World.SHOP, World.PRODUCTION)).contains(other);
      }
    }
  }

  /** Stores the approval that meets the quorum with an execution claim, as an engine would. */
  static PromotionId claimedBeforeItsLook(World world, Promotion approvedOnce,
      String owner) {
    Promotion read = world.stored(approvedOnce.id());
    Instant now = world.clock.instant();
    Promotion claimed = Lifecycle.applyInSameChange(
        Lifecycle.apply(read, new PromotionEvent.Approve(CAROL, "ship it", now)),
        new PromotionEvent.Claim(owner, CAROL, now));
    assertThat(world.store.compareAndSet(read.version(), claimed, List.of()))
        .isEqualTo(CasResult.APPLIED);
    return claimed.id();
  }

  private static void assertInProgress(Throwable outcome) {
    assertThat(outcome).isInstanceOfSatisfying(BatonException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.PROMOTION_IN_PROGRESS));
  }

  /** What a background call threw, or null when it returned. */
  private static Throwable outcome(Future<Promotion> call) throws Exception {
    Throwable thrown = catchThrowable(() -> call.get(60, SECONDS));
    return thrown instanceof ExecutionException e ? e.getCause() : thrown;
  }

  /** Alice's qa to production promotion, approved once: PENDING_RELEASE, for a manual deploy. */
  static Promotion waitingForAManualDeploy(World world) {
    Promotion p = world.promotions().request(PromotionRequest.of("shop", "qa", "production",
        "alice"));
    p = world.promotions().approve(p.id(), BOB, "ok");
    assertThat(p.status()).isEqualTo(PromotionStatus.PENDING_RELEASE);
    return p;
  }

  /** A staging to production promotion with one of its two approvals. */
  static Promotion approvedOnce(World world) {
    Promotion p = world.promotions().request(PromotionRequest.of("shop", "staging",
        "production", "alice"));
    return world.promotions().approve(p.id(), BOB, "ok");
  }

  static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(60, SECONDS)).as("the other side got there").isTrue();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static void awaitDeployEntered(SlowDeployer deployer) {
    try {
      deployer.gate.awaitEntered();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  static Baton engine(World world, String id, PromotionStore store, Deployer deployer) {
    return world.engine(id, b -> b.claimLease(LEASE), store, world.environments, deployer,
        new InMemoryNotifier());
  }

  private <T> Future<T> background(Callable<T> call) {
    return threads.submit(call);
  }
}

package dev.baton;

import static dev.baton.World.BOB;
import static dev.baton.World.CAROL;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.memory.InMemoryDeployer;
import dev.baton.memory.InMemoryNotifier;
import dev.baton.model.CasResult;
import dev.baton.model.DeployPolicy;
import dev.baton.model.DeployRequest;
import dev.baton.model.DeployResult;
import dev.baton.model.DeployState;
import dev.baton.model.EnvironmentName;
import dev.baton.model.EnvironmentWrite;
import dev.baton.model.ExecutionClaim;
import dev.baton.model.ExecutionStep;
import dev.baton.model.Notification;
import dev.baton.model.NotificationKind;
import dev.baton.model.ProjectId;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionQuery;
import dev.baton.model.PromotionStatus;
import dev.baton.model.StatusChange;
import dev.baton.model.WriteResult;
import dev.baton.spi.DeployPolicyResolver;
import dev.baton.spi.Deployer;
import dev.baton.spi.EnvironmentRepository;
import dev.baton.spi.ForwardingEnvironmentRepository;
import dev.baton.spi.ForwardingPromotionStore;
import dev.baton.spi.PromotionStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Execution claims under long deploys and take-overs: a live executor renews its claim, so a peer
 * never takes it over; a taken-over executor records and deploys nothing more; a deploy whose
 * executor died is recorded INTERRUPTED and never repeated by recovery; a manual deploy that
 * finds a peer's execution claim beside its own steps back without deploying (a peer that took
 * its target but never claimed keeps nobody out), and a peer that took the target from a holder
 * claiming meanwhile looks again and steps back. Engines share one
 * in-memory store and a controllable clock; ports block on latches where a step must be "slow".
 */
class ClaimFencingTest {
  private static final Duration SHORT_LEASE = Duration.ofMillis(300);
  private static final Duration LEASE = Duration.ofMinutes(1);

  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  /** A latch a port waits on at its first call only, and tells the test it got there. */
  static final class Gate {
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch opened = new CountDownLatch(1);
    private final Semaphore first = new Semaphore(1);

    void pass() {
      if (first.tryAcquire()) {
        entered.countDown();
        try {
          opened.await(60, SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    void awaitEntered() throws InterruptedException {
      assertThat(entered.await(60, SECONDS)).as("the gated call started").isTrue();
    }

    void open() {
      opened.countDown();
    }
  }

  /** Records requests; the first deploy waits at the gate (a slow deploy). */
  static final class SlowDeployer implements Deployer {
    final Gate gate = new Gate();
    private final List<DeployRequest> requests = new ArrayList<>();

    @Override
    public DeployResult deploy(DeployRequest request) {
      synchronized (this) {
        requests.add(request);
      }
      gate.pass();
      return DeployResult.ok("deployed " + request.release());
    }

    synchronized List<DeployRequest> requests() {
      return List.copyOf(requests);
    }
  }

  /** The declared policy; the first call waits at the gate (a slow step before the deploy). */
  static final class SlowPolicies implements DeployPolicyResolver {
    final Gate gate = new Gate();

    @Override
    public DeployPolicy resolve(ProjectId project, EnvironmentName environment,
        DeployPolicy declared) {
      gate.pass();
      return declared;
    }
  }

  /** The real store; every write it applies releases a permit (to wait for a heartbeat). */
  static final class WatchedStore extends ForwardingPromotionStore {
    final Semaphore applied = new Semaphore(0);

    WatchedStore(PromotionStore store) {
      super(store);
    }

    @Override
    public CasResult compareAndSet(long expectedVersion, Promotion next,
        List<Notification> notifications) {
      CasResult result = super.compareAndSet(expectedVersion, next, notifications);
      if (result == CasResult.APPLIED) {
        applied.release();
      }
      return result;
    }
  }

  @Test
  void aPeerLeavesASlowDeployAloneWhileItsClaimIsRenewed() throws Exception {
    try (World world = World.create()) {
      SlowDeployer deployer = new SlowDeployer();
      WatchedStore watched = new WatchedStore(world.store);
      try (Baton a = engine(world, "engine-a", SHORT_LEASE, watched, deployer, x -> { });
          Baton b = engine(world, "engine-b", SHORT_LEASE, world.store, deployer, x -> { })) {
        Future<Promotion> running = background(() -> a.promotions().request(toStaging()));
        deployer.gate.awaitEntered();
        Promotion deploying = only(world);
        assertThat(deploying.claim().get().step()).isEqualTo(ExecutionStep.DEPLOYING);

        // Far past the lease since the claim was taken: only the renewal keeps it alive.
        world.clock.advance(Duration.ofMinutes(5));
        awaitRenewedAt(world, watched);
        assertThat(only(world).claim().get().token())
            .as("a renewal keeps the token").isEqualTo(deploying.claim().get().token());

        assertThat(b.promotions().recover()).isEmpty();

        deployer.gate.open();
        assertThat(running.get(60, SECONDS).status()).isEqualTo(PromotionStatus.COMPLETED);
        assertThat(deployer.requests()).hasSize(1);
        assertThat(only(world).release().get().deployState()).isEqualTo(DeployState.DEPLOYED);
      }
    }
  }

  @Test
  void anEngineDoesNotTakeOverAnExecutionItIsRunning() throws Exception {
    SlowDeployer deployer = new SlowDeployer();
    try (World world = World.create(deployer, new InMemoryNotifier(), b -> { })) {
      Future<Promotion> running = background(() -> world.promotions().request(toStaging()));
      deployer.gate.awaitEntered();

      // Its own instance id, but this engine runs the claim: nothing to recover.
      assertThat(world.promotions().recover()).isEmpty();

      deployer.gate.open();
      assertThat(running.get(60, SECONDS).status()).isEqualTo(PromotionStatus.COMPLETED);
      assertThat(deployer.requests()).hasSize(1);
    }
  }

  @Test
  void aTakeOverRaisesTheTokenAndTheOldExecutorNeitherRecordsNorDeploys() throws Exception {
    try (World world = World.create()) {
      InMemoryDeployer deployer = new InMemoryDeployer();
      SlowPolicies policies = new SlowPolicies();
      try (Baton a = engine(world, "engine-a", LEASE, world.store, deployer,
          x -> x.deployPolicies(policies));
          Baton b = engine(world, "engine-b", LEASE, world.store, deployer, x -> { })) {
        Future<Promotion> running = background(() -> a.promotions().request(toStaging()));
        policies.gate.awaitEntered();
        ExecutionClaim old = only(world).claim().orElseThrow();
        // the write is made; it is recorded with the deploy decision the policy is asked for
        assertThat(old.step()).isEqualTo(ExecutionStep.CLAIMED);
        assertThat(world.environments.findWrite(World.SHOP, World.STAGING, only(world).id()))
            .isPresent();

        // Forced, as 'recover --older-than 0s' does: a take-over of a live executor.
        List<Promotion> taken = b.promotions().recover(Duration.ZERO);

        assertThat(taken).singleElement().extracting(Promotion::status)
            .isEqualTo(PromotionStatus.COMPLETED);
        assertThat(deployer.requests()).singleElement()
            .satisfies(r -> assertThat(r.fencingToken()).isGreaterThan(old.token()));
        assertThat(world.environments.commits(World.SHOP, World.STAGING))
            .as("the take-over recorded the standing write, not a second one")
            .filteredOn(c -> c.promotion().equals(only(world).id())).hasSize(1);
        long version = only(world).version();

        policies.gate.open();
        Promotion seenByA = running.get(60, SECONDS);

        assertThat(deployer.requests()).as("the old executor did not deploy").hasSize(1);
        assertThat(seenByA.status()).isEqualTo(PromotionStatus.COMPLETED);
        assertThat(only(world).version()).as("nor record anything").isEqualTo(version);
      }
    }
  }

  @Test
  void aDeployWhoseExecutorDiedIsRecordedInterruptedAndNeverRepeatedByRecovery()
      throws Exception {
    try (World world = World.create()) {
      SlowDeployer deployer = new SlowDeployer();
      InMemoryNotifier told = new InMemoryNotifier();
      Baton a = engine(world, "engine-a", LEASE, world.store, deployer, x -> { });
      try (Baton b = engine(world, "engine-b", LEASE, world.store, deployer, told)) {
        Future<Promotion> running = background(() -> a.promotions().request(toStaging()));
        deployer.gate.awaitEntered();
        a.close(); // its heartbeat stops, as when its process is killed
        world.clock.advance(LEASE.plusSeconds(1));

        List<Promotion> moved = b.promotions().recover();

        Promotion p = only(world);
        assertThat(moved).extracting(Promotion::id).containsExactly(p.id());
        assertInterrupted(p, PromotionStatus.PENDING_APPROVAL);
        assertThat(deployer.requests()).as("recovery did not deploy again").hasSize(1);
        assertThat(told.delivered()).filteredOn(n -> n.kind() == NotificationKind.PENDING_RELEASE)
            .hasSize(1);

        deployer.gate.open();
        running.get(60, SECONDS);
        assertThat(only(world)).as("the dead executor's late outcome is refused").isEqualTo(p);

        Promotion retried = b.promotions().deploy(p.id(), BOB);
        assertThat(retried.status()).isEqualTo(PromotionStatus.COMPLETED);
        assertThat(deployer.requests()).hasSize(2).extracting(DeployRequest::fencingToken)
            .isSorted().doesNotHaveDuplicates();
      }
    }
  }

  @Test
  void anInterruptedManualDeployIsRecordedWithAHistoryEntry() throws Exception {
    try (World world = World.create()) {
      Promotion waiting = waitingForAManualDeploy(world);
      assertThat(waiting.release().get().deployState()).isEqualTo(DeployState.WAITING);
      int entries = waiting.history().size();
      SlowDeployer deployer = new SlowDeployer();
      Baton a = engine(world, "engine-a", LEASE, world.store, deployer, x -> { });
      try (Baton b = engine(world, "engine-b", LEASE, world.store, deployer, x -> { })) {
        Promotion manual = waiting;
        Future<Promotion> running = background(() -> a.promotions().deploy(manual.id(), CAROL));
        deployer.gate.awaitEntered();
        assertThat(world.stored(manual.id()).claim().get().step())
            .isEqualTo(ExecutionStep.DEPLOYING);
        a.close();
        world.clock.advance(LEASE.plusSeconds(1));

        assertThat(b.promotions().recover()).hasSize(1);

        Promotion p = world.stored(manual.id());
        assertInterrupted(p, PromotionStatus.PENDING_RELEASE);
        assertThat(p.history()).hasSize(entries + 1);
        assertThat(deployer.requests()).hasSize(1);
        deployer.gate.open();
        running.get(60, SECONDS);

        assertThat(b.promotions().deploy(manual.id(), CAROL).status())
            .isEqualTo(PromotionStatus.COMPLETED);
        assertThat(deployer.requests()).hasSize(2);
      }
    }
  }

  @Test
  void aManualDeployThatFindsAPeerClaimedBesideItStepsBackWithoutDeploying() throws Exception {
    try (World world = World.create()) {
      Promotion waiting = waitingForAManualDeploy(world);
      PromotionId manual = waiting.id();
      world.newBuild(World.STAGING);
      Promotion peer = world.promotions().request(PromotionRequest.of("shop", "staging",
          "production", "alice"));
      PromotionId peerId = world.promotions().approve(peer.id(), BOB, "ok").id();
      Gate peerWrites = new Gate();
      EnvironmentRepository slowWrites = new ForwardingEnvironmentRepository(world.environments) {
        @Override
        public WriteResult write(EnvironmentWrite write) {
          peerWrites.pass();
          return super.write(write);
        }
      };
      SlowDeployer deployer = new SlowDeployer();
      deployer.gate.open();
      AtomicReference<Future<Promotion>> approving = new AtomicReference<>();
      AtomicBoolean first = new AtomicBoolean(true);
      try (Baton b = world.engine("engine-b", x -> x.claimLease(LEASE), world.store, slowWrites,
          new InMemoryDeployer(), new InMemoryNotifier())) {
        // Between the manual deploy's take of the target and its claim's compare-and-set, a peer
        // finds the target's holder not executing, takes the target, claims and starts writing.
        PromotionStore racing = new ForwardingPromotionStore(world.store) {
          @Override
          public CasResult compareAndSet(long expectedVersion, Promotion next,
              List<Notification> notifications) {
            if (next.id().equals(manual) && next.claim().isPresent()
                && first.getAndSet(false)) {
              approving.set(background(() -> b.promotions().approve(peerId, CAROL, "ship it")));
              try {
                peerWrites.awaitEntered();
              } catch (InterruptedException e) {
                throw new AssertionError(e);
              }
            }
            return super.compareAndSet(expectedVersion, next, notifications);
          }
        };
        try (Baton a = engine(world, "engine-a", LEASE, racing, deployer, x -> { })) {
          assertThatThrownBy(() -> a.promotions().deploy(manual, CAROL))
              .isInstanceOfSatisfying(BatonException.class, e -> assertThat(e.code())
                  .isEqualTo(ErrorCode.PROMOTION_IN_PROGRESS))
              .hasMessageContaining(peerId + " is executing into production");

          assertThat(deployer.requests()).as("nothing deployed beside the peer").isEmpty();
          Promotion p = world.stored(manual);
          assertThat(p.status()).isEqualTo(PromotionStatus.PENDING_RELEASE);
          assertThat(p.claim()).isEmpty();
          assertThat(p.release().get().deployState()).isEqualTo(DeployState.WAITING);
          assertThat(world.store.targetClaim(World.SHOP, World.PRODUCTION)).contains(peerId);
        }
        peerWrites.open();
        assertThat(approving.get().get(60, SECONDS).status())
            .isEqualTo(PromotionStatus.PENDING_RELEASE);
      }
    }
  }

  @Test
  void aManualDeployGoesOnWhenAPeerTookTheTargetButNeverClaimed() {
    try (World world = World.create()) {
      Promotion waiting = waitingForAManualDeploy(world);
      PromotionId manual = waiting.id();
      PromotionId peer = PromotionId.of("p-peer");
      // A peer's acquire that found the target's claim naming this promotion while it held no
      // execution claim yet takes the target, then its process dies before it claims: the target
      // names a promotion that executes nothing, which keeps nobody out.
      AtomicBoolean first = new AtomicBoolean(true);
      PromotionStore racing = new ForwardingPromotionStore(world.store) {
        @Override
        public CasResult compareAndSet(long expectedVersion, Promotion next,
            List<Notification> notifications) {
          if (next.id().equals(manual) && next.claim().isPresent() && first.getAndSet(false)) {
            assertThat(super.compareAndSetTargetClaim(next.project(), next.target(),
                Optional.of(manual), Optional.of(peer))).as("the peer took the target").isTrue();
          }
          return super.compareAndSet(expectedVersion, next, notifications);
        }
      };
      SlowDeployer deployer = new SlowDeployer();
      deployer.gate.open();
      try (Baton a = engine(world, "engine-a", LEASE, racing, deployer, x -> { })) {
        assertThat(a.promotions().deploy(manual, CAROL).status())
            .isEqualTo(PromotionStatus.COMPLETED);
        assertThat(deployer.requests()).hasSize(1);
        // left as the peer's; the next promotion into production takes it over
        assertThat(world.store.targetClaim(World.SHOP, World.PRODUCTION)).contains(peer);
      }
    }
  }

  @Test
  void aPeerThatTakesTheTargetAsTheHolderClaimsLooksAgainAndStepsBack() throws Exception {
    try (World world = World.create()) {
      Promotion manual = waitingForAManualDeploy(world);
      world.newBuild(World.STAGING);
      Promotion peer = world.promotions().request(PromotionRequest.of("shop", "staging",
          "production", "alice"));
      peer = world.promotions().approve(peer.id(), BOB, "ok");
      PromotionId holder = manual.id();
      PromotionId taker = peer.id();
      CountDownLatch lookedAtHolder = new CountDownLatch(1);
      SlowDeployer deployer = new SlowDeployer();
      // The holder's manual deploy stores its execution claim only after the peer judged it not
      // live, and checks the target before the peer's take: the interleaving where neither
      // side's first look sees the other.
      PromotionStore holderSide = new ForwardingPromotionStore(world.store) {
        @Override
        public CasResult compareAndSet(long expectedVersion, Promotion next,
            List<Notification> notifications) {
          if (next.id().equals(holder) && next.claim().isPresent()) {
            await(lookedAtHolder);
          }
          return super.compareAndSet(expectedVersion, next, notifications);
        }
      };
      PromotionStore peerSide = new ForwardingPromotionStore(world.store) {
        @Override
        public boolean compareAndSetTargetClaim(ProjectId project, EnvironmentName target,
            Optional<PromotionId> expected, Optional<PromotionId> next) {
          if (expected.equals(Optional.of(holder)) && next.equals(Optional.of(taker))) {
            lookedAtHolder.countDown();
            try {
              deployer.gate.awaitEntered();
            } catch (InterruptedException e) {
              throw new AssertionError(e);
            }
          }
          return super.compareAndSetTargetClaim(project, target, expected, next);
        }
      };
      try (Baton a = engine(world, "engine-a", LEASE, holderSide, deployer, x -> { });
          Baton b = engine(world, "engine-b", LEASE, peerSide, new InMemoryDeployer(),
              x -> { })) {
        // the holder takes the target, then waits at its claim's compare-and-set
        world.store.compareAndSetTargetClaim(World.SHOP, World.PRODUCTION, Optional.empty(),
            Optional.of(holder));
        Future<Promotion> deploying = background(() -> a.promotions().deploy(holder, CAROL));
        Future<Promotion> approving = background(() -> b.promotions().approve(taker, CAROL,
            "ship it"));

        assertThatThrownBy(() -> approving.get(60, SECONDS)).hasCauseInstanceOf(
            BatonException.class).cause().satisfies(e -> assertThat(((BatonException) e).code())
                .isEqualTo(ErrorCode.PROMOTION_IN_PROGRESS));
        assertThat(world.store.targetClaim(World.SHOP, World.PRODUCTION)).contains(holder);
        Promotion stepped = world.stored(taker);
        assertThat(stepped.status()).isEqualTo(PromotionStatus.PENDING_APPROVAL);
        assertThat(stepped.claim()).isEmpty();
        deployer.gate.open();
        assertThat(deploying.get(60, SECONDS).status()).isEqualTo(PromotionStatus.COMPLETED);
        assertThat(deployer.requests()).hasSize(1);
      }
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(60, SECONDS)).as("the peer looked at the holder").isTrue();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** Alice's qa to production promotion, approved once: PENDING_RELEASE, for a manual deploy. */
  private static Promotion waitingForAManualDeploy(World world) {
    Promotion p = world.promotions().request(PromotionRequest.of("shop", "qa", "production",
        "alice"));
    p = world.promotions().approve(p.id(), BOB, "ok");
    assertThat(p.status()).isEqualTo(PromotionStatus.PENDING_RELEASE);
    return p;
  }

  private static void assertInterrupted(Promotion p, PromotionStatus from) {
    assertThat(p.status()).isEqualTo(PromotionStatus.PENDING_RELEASE);
    assertThat(p.claim()).isEmpty();
    assertThat(p.release().get().deployState()).isEqualTo(DeployState.INTERRUPTED);
    StatusChange last = p.history().get(p.history().size() - 1);
    assertThat(last.from()).contains(from);
    assertThat(last.to()).isEqualTo(PromotionStatus.PENDING_RELEASE);
    assertThat(last.reason()).contains("interrupted").contains("deploy again");
  }

  /** Waits until engine A's heartbeat stamped the claim with the clock's current time. */
  private static void awaitRenewedAt(World world, WatchedStore watched) throws Exception {
    for (int beats = 0; beats < 100; beats++) {
      if (only(world).claim().get().renewedAt().equals(world.clock.instant())) {
        return;
      }
      assertThat(watched.applied.tryAcquire(30, SECONDS)).as("a renewal was written").isTrue();
    }
    throw new AssertionError("the claim was never renewed at " + world.clock.instant());
  }

  private static PromotionRequest toStaging() {
    return PromotionRequest.of("shop", "dev", "staging", "alice");
  }

  private static Promotion only(World world) {
    List<Promotion> all = world.store.query(PromotionQuery.of(World.SHOP)).items();
    return all.stream().filter(p -> p.target().equals(World.STAGING)
        || p.target().equals(World.PRODUCTION)).reduce((x, y) -> {
          throw new AssertionError("more than one promotion: " + all);
        }).orElseThrow();
  }

  private static Baton engine(World world, String id, Duration lease, PromotionStore store,
      Deployer deployer, Consumer<Baton.Builder> more) {
    return engine(world, id, lease, store, deployer, new InMemoryNotifier(), more);
  }

  private static Baton engine(World world, String id, Duration lease, PromotionStore store,
      Deployer deployer, InMemoryNotifier notifier) {
    return engine(world, id, lease, store, deployer, notifier, x -> { });
  }

  private static Baton engine(World world, String id, Duration lease, PromotionStore store,
      Deployer deployer, InMemoryNotifier notifier, Consumer<Baton.Builder> more) {
    return world.engine(id, b -> more.accept(b.claimLease(lease)), store, world.environments,
        deployer, notifier);
  }

  private <T> Future<T> background(Callable<T> call) {
    return threads.submit(call);
  }
}

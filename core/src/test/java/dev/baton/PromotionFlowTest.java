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

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.memory.InMemoryDeployer;
import dev.baton.memory.InMemoryNotifier;
import dev.baton.model.DecisionKind;
import dev.baton.model.DeployResult;
import dev.baton.model.DeployState;
import dev.baton.model.EnvironmentWrite;
import dev.baton.model.Page;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionQuery;
import dev.baton.model.PromotionStatus;
import dev.baton.model.UserId;
import dev.baton.model.WriteResult;
import dev.baton.spi.ForwardingEnvironmentRepository;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PromotionFlowTest {
  private World world = World.create();

  @AfterEach
  void close() {
    world.close();
  }

  @Test
  void autoTransitionExecutesAtOnceAndDeploysDirect() {
    Promotion p = world.promotions().request(PromotionRequest.of("shop", "dev", "staging",
        "alice").withNotes("ship 1.4.0"));

    assertThat(p.status()).isEqualTo(PromotionStatus.COMPLETED);
    assertThat(p.release()).get().extracting(r -> r.deployState())
        .isEqualTo(DeployState.DEPLOYED);
    assertThat(world.environments.read(SHOP, STAGING).files().get("values.yaml"))
        .contains("1.4.0");
    assertThat(world.environments.commits(SHOP, STAGING)).hasSize(1);
    assertThat(world.inMemoryDeployer().requests()).singleElement()
        .satisfies(r -> assertThat(r.promotion()).isEqualTo(p.id()));
    assertThat(p.history()).extracting(h -> h.to())
        .containsExactly(PromotionStatus.PENDING_APPROVAL, PromotionStatus.COMPLETED);
  }

  @Test
  void quorumOfTwoDistinctApproversExecutesIntoManualTarget() {
    Promotion p = world.promotions().request(PromotionRequest.of("shop", "staging",
        "production", "alice"));
    assertThat(p.status()).isEqualTo(PromotionStatus.PENDING_APPROVAL);
    assertThat(p.requiredApprovals()).isEqualTo(2);

    p = world.promotions().approve(p.id(), BOB, "ok");
    assertThat(p.status()).isEqualTo(PromotionStatus.PENDING_APPROVAL);
    assertThat(world.environments.commits(SHOP, PRODUCTION)).isEmpty();

    PromotionId id = p.id();
    refused(ErrorCode.ALREADY_APPROVED, () -> world.promotions().approve(id, BOB, "again"));
    assertThat(world.stored(id).version()).isEqualTo(p.version());

    p = world.promotions().approve(id, CAROL, "ship");
    assertThat(p.status()).isEqualTo(PromotionStatus.PENDING_RELEASE);
    assertThat(p.release()).get().extracting(r -> r.deployState())
        .isEqualTo(DeployState.WAITING);
    assertThat(p.approvers()).containsExactlyInAnyOrder(BOB, CAROL);
    assertThat(world.inMemoryDeployer().requests()).isEmpty();
    assertThat(world.environments.commits(SHOP, PRODUCTION)).singleElement()
        .satisfies(c -> assertThat(c.approvedBy()).containsExactly(BOB, CAROL));

    p = world.promotions().deploy(id, DAVE);
    assertThat(p.status()).isEqualTo(PromotionStatus.COMPLETED);
    assertThat(p.release().get().deployedBy()).contains(DAVE);
    refused(ErrorCode.ILLEGAL_STATE, () -> world.promotions().approve(id, DAVE, "late"));
  }

  @Test
  void unknownTransitionIsRefusedAndNothingIsStored() {
    refused(ErrorCode.INVALID_STAGE_TRANSITION, () -> world.promotions().request(
        PromotionRequest.of("shop", "production", "dev", "alice")));
    refused(ErrorCode.INVALID_STAGE_TRANSITION, () -> world.promotions().request(
        PromotionRequest.of("shop", "dev", "production", "alice")));
    assertThat(world.store.query(PromotionQuery.of(SHOP)).total()).isZero();
  }

  @Test
  void unknownPromotionAndUnknownProject() {
    refused(ErrorCode.PROMOTION_NOT_FOUND,
        () -> world.promotions().approve(PromotionId.of("nope"), BOB, ""));
    refused(ErrorCode.PROMOTION_NOT_FOUND, () -> world.promotions().get(PromotionId.of("nope")));
    refused(ErrorCode.PIPELINE_NOT_FOUND, () -> world.promotions().request(
        PromotionRequest.of("other", "dev", "staging", "alice")));
  }

  @Test
  void rejectionIsTerminalAndAbsorbsEverything() {
    Promotion p = world.promotions().request(PromotionRequest.of("shop", "staging",
        "production", "alice"));
    p = world.promotions().reject(p.id(), BOB, "not on a Friday");
    assertThat(p.status()).isEqualTo(PromotionStatus.REJECTED);
    assertThat(p.closingDecision()).get().satisfies(d -> {
      assertThat(d.kind()).isEqualTo(DecisionKind.REJECT);
      assertThat(d.comment()).isEqualTo("not on a Friday");
    });
    PromotionId id = p.id();
    refused(ErrorCode.ILLEGAL_STATE, () -> world.promotions().approve(id, CAROL, ""));
    refused(ErrorCode.ILLEGAL_STATE, () -> world.promotions().reject(id, CAROL, ""));
    refused(ErrorCode.ILLEGAL_STATE, () -> world.promotions().deploy(id, CAROL));
    refused(ErrorCode.ILLEGAL_STATE, () -> world.promotions().withdraw(id, ALICE, ""));
    assertThat(world.stored(id)).isEqualTo(p);
  }

  @Test
  void failedDeployEndsPendingReleaseAndAManualDeployCompletes() {
    world.close();
    AtomicInteger calls = new AtomicInteger();
    InMemoryDeployer flaky = InMemoryDeployer.failingWhen(r -> calls.incrementAndGet() == 1);
    world = World.create(flaky, new InMemoryNotifier(), b -> { });

    Promotion p = world.promotions().request(PromotionRequest.of("shop", "dev", "staging",
        "alice"));
    assertThat(p.status()).isEqualTo(PromotionStatus.PENDING_RELEASE);
    assertThat(p.release().get().deployState()).isEqualTo(DeployState.FAILED);
    assertThat(p.history().get(p.history().size() - 1).reason()).startsWith("deploy failed");

    p = world.promotions().deploy(p.id(), BOB);
    assertThat(p.status()).isEqualTo(PromotionStatus.COMPLETED);
    assertThat(flaky.requests()).hasSize(2);
    assertThat(world.environments.commits(SHOP, STAGING)).hasSize(1);
  }

  @Test
  void idempotencyKeyReturnsTheSamePromotion() {
    PromotionRequest request = PromotionRequest.of("shop", "staging", "production", "alice")
        .withIdempotencyKey("ci-run-42");
    Promotion first = world.promotions().request(request);
    Promotion again = world.promotions().request(request);
    assertThat(again.id()).isEqualTo(first.id());
    assertThat(world.store.query(PromotionQuery.of(SHOP)).total()).isEqualTo(1);
    refused(ErrorCode.INVALID_ARGUMENT, () -> world.promotions().request(
        PromotionRequest.of("shop", "dev", "staging", "alice").withIdempotencyKey("ci-run-42")));
  }

  @Test
  void onlyOnePromotionExecutesIntoATargetAtATime() throws Exception {
    world.close();
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch proceed = new CountDownLatch(1);
    world = World.create(request -> {
      entered.countDown();
      try {
        proceed.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return DeployResult.ok("synced");
    }, new InMemoryNotifier(), b -> { });

    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Promotion> first = pool.submit(() -> world.promotions().request(
          PromotionRequest.of("shop", "dev", "staging", "alice")));
      entered.await();
      refused(ErrorCode.PROMOTION_IN_PROGRESS, () -> world.promotions().request(
          PromotionRequest.of("shop", "dev", "staging", "bob")));
      proceed.countDown();
      assertThat(first.get().status()).isEqualTo(PromotionStatus.COMPLETED);
      assertThat(world.store.query(PromotionQuery.of(SHOP)).total()).isEqualTo(1);
      world.newBuild(World.DEV);
      Promotion second = world.promotions().request(PromotionRequest.of("shop", "dev",
          "staging", "bob"));
      assertThat(second.status()).isEqualTo(PromotionStatus.COMPLETED);
    } finally {
      proceed.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void historyFiltersAndPagesNewestFirst() {
    Promotion a = world.promotions().request(PromotionRequest.of("shop", "dev", "staging",
        "alice"));
    world.clock.advance(Duration.ofMinutes(5));
    Promotion b = world.promotions().request(PromotionRequest.of("shop", "staging",
        "production", "bob"));
    world.clock.advance(Duration.ofMinutes(5));
    Promotion c = world.promotions().request(PromotionRequest.of("shop", "dev", "qa", "alice"));

    Page<Promotion> all = world.promotions().history(PromotionQuery.of(SHOP));
    assertThat(all.items()).extracting(Promotion::id).containsExactly(c.id(), b.id(), a.id());
    assertThat(world.promotions().history(PromotionQuery.of(SHOP).withRequester(ALICE))
        .items()).extracting(Promotion::id).containsExactly(c.id(), a.id());
    assertThat(world.promotions().history(PromotionQuery.of(SHOP).withTarget(PRODUCTION))
        .items()).extracting(Promotion::id).containsExactly(b.id());
    assertThat(world.promotions().history(PromotionQuery.of(SHOP)
        .withStatuses(EnumSet.of(PromotionStatus.PENDING_APPROVAL))).items())
        .extracting(Promotion::id).containsExactly(b.id());
    assertThat(world.promotions().history(PromotionQuery.of(SHOP)
        .withRequestedBetween(b.requestedAt(), c.requestedAt())).items())
        .extracting(Promotion::id).containsExactly(b.id());
    Page<Promotion> page = world.promotions().history(PromotionQuery.of(SHOP).withPage(1, 1));
    assertThat(page.items()).extracting(Promotion::id).containsExactly(b.id());
    assertThat(page.total()).isEqualTo(3);
    assertThat(page.hasMore()).isTrue();
    assertThat(a.duration(world.clock.instant())).isEqualTo(Duration.ZERO);
  }

  @Test
  void promotionCarriesTheSourceAsRequestedNotAsItLaterBecame() {
    Promotion p = world.promotions().request(PromotionRequest.of("shop", "staging",
        "production", "alice"));
    world.environments.seed(SHOP, STAGING, World.files("staging", "9.9.9", 2));
    world.promotions().approve(p.id(), BOB, "");
    world.promotions().approve(p.id(), CAROL, "");
    assertThat(world.environments.read(SHOP, PRODUCTION).files().get("values.yaml"))
        .contains("1.3.2").doesNotContain("9.9.9");
  }

  @Test
  void scopeKeepsTargetReplicasAndVariables() {
    Promotion p = world.promotions().request(PromotionRequest.of("shop", "staging",
        "production", "alice"));
    world.promotions().approve(p.id(), BOB, "");
    world.promotions().approve(p.id(), CAROL, "");
    var files = world.environments.read(SHOP, PRODUCTION).files();
    assertThat(files.get("values.yaml")).contains("1.3.2").contains("replicaCount: 4");
    assertThat(files.get("variables.yaml")).contains("production.example.com");
  }

  @Test
  void aFailedWriteLeavesTheApprovalsAndResumeOrRecoverExecutesLater() {
    world.close();
    AtomicInteger writes = new AtomicInteger();
    world = World.create();
    world.baton.close();
    ForwardingEnvironmentRepository flaky = new ForwardingEnvironmentRepository(
        world.environments) {
      @Override
      public WriteResult write(EnvironmentWrite write) {
        if (writes.incrementAndGet() <= 2) {
          throw new BatonException(ErrorCode.BACKEND_FAILURE, "remote unreachable");
        }
        return super.write(write);
      }
    };
    world.baton = world.engine("engine-1", b -> { }, world.store, flaky, world.deployer,
        world.notifier);

    Promotion p = world.promotions().request(PromotionRequest.of("shop", "staging",
        "production", "alice"));
    world.promotions().approve(p.id(), BOB, "");
    PromotionId id = p.id();
    refused(ErrorCode.BACKEND_FAILURE, () -> world.promotions().approve(id, CAROL, ""));
    Promotion waiting = world.stored(id);
    assertThat(waiting.status()).isEqualTo(PromotionStatus.PENDING_APPROVAL);
    assertThat(waiting.approvers()).containsExactlyInAnyOrder(BOB, CAROL);
    assertThat(waiting.claim()).isEmpty();
    assertThat(world.store.targetClaim(SHOP, PRODUCTION)).isEmpty();
    refused(ErrorCode.ILLEGAL_STATE, () -> world.promotions().approve(id, DAVE, ""));

    refused(ErrorCode.BACKEND_FAILURE, () -> world.promotions().resume(id, DAVE));
    assertThat(world.promotions().recover()).extracting(Promotion::status)
        .containsExactly(PromotionStatus.PENDING_RELEASE);
    assertThat(world.environments.commits(SHOP, PRODUCTION)).hasSize(1);
    refused(ErrorCode.ILLEGAL_STATE, () -> world.promotions().resume(id, DAVE));
  }

  @Test
  void inputIsValidatedBeforeAnythingIsWritten() {
    refused(ErrorCode.INVALID_ARGUMENT, () -> world.promotions().request(
        PromotionRequest.of("shop", "dev", "staging", "alice").withNotes("x".repeat(10_001))));
    refused(ErrorCode.INVALID_ARGUMENT, () -> PromotionRequest.of("shop", "../etc", "staging",
        "alice"));
    refused(ErrorCode.INVALID_ARGUMENT, () -> UserId.of(" "));
    assertThat(world.store.query(PromotionQuery.of(SHOP)).total()).isZero();
  }
}

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
import dev.baton.model.DecisionKind;
import dev.baton.model.EnvironmentFiles;
import dev.baton.model.EnvironmentName;
import dev.baton.model.NotificationKind;
import dev.baton.model.Permission;
import dev.baton.model.ProjectId;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionQuery;
import dev.baton.model.PromotionStatus;
import dev.baton.model.UserId;
import dev.baton.preview.Preview;
import dev.baton.spi.EnvironmentRepository;
import dev.baton.spi.ForwardingEnvironmentRepository;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What ships is what was approved, and a promotion that would harm is refused with nothing
 * written: a missing source, nothing to move, a target that changed in what moves, a stale
 * version, and rollbacks only on purpose.
 */
class WhatShipsTest {
  private static final UserId ADMIN = UserId.of("admin");
  private final World world = World.create();

  @AfterEach
  void close() {
    world.close();
  }

  private void edit(EnvironmentName env, String file, UnaryOperator<String> change) {
    Map<String, String> files = new LinkedHashMap<>(world.environments.read(SHOP, env).files());
    files.put(file, change.apply(files.get(file)));
    world.environments.seed(SHOP, env, files);
  }

  private Promotion requestToProduction() {
    return world.promotions().request(PromotionRequest.of("shop", "staging", "production",
        "alice").withNotes("weekly"));
  }

  private void assertNothingWritten(EnvironmentName env) {
    assertThat(world.environments.commits(SHOP, env)).isEmpty();
  }

  @Test
  void aSourceWithoutAFolderIsRefusedAndNothingIsStored() {
    world.environments.seed(SHOP, DEV, Map.of());
    refused(ErrorCode.UNKNOWN_ENVIRONMENT, () -> world.promotions().request(
        PromotionRequest.of("shop", "dev", "staging", "alice")));
    assertThat(world.store.query(PromotionQuery.of(SHOP)).total()).isZero();
    assertNothingWritten(STAGING);
  }

  @Test
  void aSourceWhoseFolderHoldsNoFilesIsRefused() {
    // an adapter may list an environment whose folder it finds empty (Git cannot hold one)
    EnvironmentRepository emptyDev = new ForwardingEnvironmentRepository(world.environments) {
      @Override
      public EnvironmentFiles read(ProjectId project, EnvironmentName environment) {
        EnvironmentFiles files = super.read(project, environment);
        return environment.equals(DEV)
            ? EnvironmentFiles.of(DEV, files.revision(), Map.of()) : files;
      }
    };
    try (Baton baton = world.engine("engine-2", b -> { }, world.store, emptyDev,
        world.deployer, world.notifier)) {
      var e = refused(ErrorCode.EMPTY_ENVIRONMENT, () -> baton.promotions().request(
          PromotionRequest.of("shop", "dev", "staging", "alice")));
      assertThat(e.getMessage()).contains("envs/dev");
    }
    assertThat(world.store.query(PromotionQuery.of(SHOP)).total()).isZero();
    assertNothingWritten(STAGING);
  }

  @Test
  void aPromotionThatWouldChangeNothingIsRefused() {
    world.promotions().request(PromotionRequest.of("shop", "dev", "staging", "alice"));
    var e = refused(ErrorCode.NOTHING_TO_PROMOTE, () -> world.promotions().request(
        PromotionRequest.of("shop", "dev", "staging", "alice")));
    assertThat(e.httpStatus()).isEqualTo(409);
    assertThat(world.store.query(PromotionQuery.of(SHOP)).total()).isEqualTo(1);
    assertThat(world.environments.commits(SHOP, STAGING)).hasSize(1);
    assertThat(world.inMemoryDeployer().requests()).hasSize(1);
  }

  @Test
  void differencesOutsideTheScopeAreNoPromotion() {
    world.promotions().request(PromotionRequest.of("shop", "dev", "staging", "alice"));
    edit(DEV, "values.yaml", v -> v.replace("replicaCount: 1", "replicaCount: 9"));
    var e = refused(ErrorCode.NOTHING_TO_PROMOTE, () -> world.promotions().request(
        PromotionRequest.of("shop", "dev", "staging", "alice")));
    assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("replicaCount")
        .contains("stays"));
  }

  @Test
  void thePreviewIsPinnedAndExecutionShipsWhatWasApproved() {
    String approved = world.newBuild(STAGING);
    Promotion p = requestToProduction();
    String later = world.newBuild(STAGING);
    Preview pinned = world.baton.previews().of(p.id());
    assertThat(pinned.sourceRevision()).isEqualTo(p.sourceRevision().orElseThrow());
    assertThat(pinned.targetRevision()).isEqualTo(p.targetRevision().orElseThrow());
    assertThat(pinned.differences()).filteredOn(d -> d.moves())
        .allSatisfy(d -> assertThat(d.source()).contains(approved));
    assertThat(world.baton.previews().preview(SHOP, STAGING, PRODUCTION).differences())
        .filteredOn(d -> d.moves()).allSatisfy(d -> assertThat(d.source()).contains(later));

    world.promotions().approve(p.id(), BOB, "");
    world.promotions().approve(p.id(), CAROL, "");
    EnvironmentFiles prod = world.environments.read(SHOP, PRODUCTION);
    assertThat(prod.file("values.yaml").orElseThrow()).contains("tag: \"" + approved + "\"");
  }

  @Test
  void aHotfixInWhatMovesInvalidatesTheApprovalAndNothingIsWritten() {
    world.newBuild(STAGING);
    Promotion p = requestToProduction();
    edit(PRODUCTION, "values.yaml", v -> v.replace("tag: \"1.3.0\"", "tag: \"1.3.1\""));
    world.promotions().approve(p.id(), BOB, "");
    var e = refused(ErrorCode.TARGET_CHANGED,
        () -> world.promotions().approve(p.id(), CAROL, ""));
    assertThat(e.problems()).anySatisfy(line -> assertThat(line).contains("values.yaml"));
    assertNothingWritten(PRODUCTION);
    Promotion closed = world.stored(p.id());
    assertThat(closed.status()).isEqualTo(PromotionStatus.REJECTED);
    assertThat(closed.claim()).isEmpty();
    assertThat(closed.closingDecision()).get()
        .satisfies(d -> assertThat(d.kind()).isEqualTo(DecisionKind.INVALIDATE));
    assertThat(world.inMemoryNotifier().delivered()).last().satisfies(n -> {
      assertThat(n.kind()).isEqualTo(NotificationKind.REJECTED);
      assertThat(n.recipients()).contains(ALICE);
    });
    assertThat(world.inMemoryDeployer().requests()).isEmpty();
  }

  @Test
  void aTargetChangeInWhatStaysNeverBlocks() {
    world.newBuild(STAGING);
    Promotion p = requestToProduction();
    edit(PRODUCTION, "values.yaml", v -> v.replace("replicaCount: 4", "replicaCount: 8"));
    world.promotions().approve(p.id(), BOB, "");
    Promotion done = world.promotions().approve(p.id(), CAROL, "");
    assertThat(done.status()).isEqualTo(PromotionStatus.PENDING_RELEASE);
    assertThat(world.environments.read(SHOP, PRODUCTION).file("values.yaml").orElseThrow())
        .contains("replicaCount: 8");
  }

  @Test
  void anOlderPendingPromotionApprovedAfterANewerOneIsRefusedAsStale() {
    world.newBuild(STAGING);
    Promotion older = requestToProduction();
    world.newBuild(STAGING);
    Promotion newer = requestToProduction();
    world.promotions().approve(newer.id(), BOB, "");
    world.promotions().approve(newer.id(), CAROL, "");
    assertThat(world.environments.commits(SHOP, PRODUCTION)).hasSize(1);

    world.promotions().approve(older.id(), BOB, "");
    refused(ErrorCode.STALE_PROMOTION, () -> world.promotions().approve(older.id(), CAROL, ""));
    assertThat(world.environments.commits(SHOP, PRODUCTION)).hasSize(1);
    assertThat(world.stored(older.id()).status()).isEqualTo(PromotionStatus.REJECTED);
  }

  @Test
  void aRollbackNeedsItsOwnPermissionAndIsRecorded() {
    GrantAuthorizer grants = GrantAuthorizer.empty()
        .grant(ADMIN, SHOP, Permission.values())
        .grant(ALICE, SHOP, Permission.REQUEST)
        .grant(BOB, SHOP, Permission.REQUEST, Permission.ROLLBACK, Permission.APPROVE);
    try (World guarded = World.create(b -> b.authorizer(grants))) {
      // production runs something newer than staging: a promotion would move it backwards
      Map<String, String> files = new LinkedHashMap<>(
          guarded.environments.read(SHOP, PRODUCTION).files());
      files.put("values.yaml", files.get("values.yaml").replace("1.3.0", "1.9.0"));
      guarded.environments.seed(SHOP, PRODUCTION, files);
      PromotionRequest back = PromotionRequest.of("shop", "staging", "production", "alice");
      var stale = refused(ErrorCode.STALE_PROMOTION, () -> guarded.promotions().request(back));
      assertThat(stale.problems()).anySatisfy(p -> assertThat(p).contains("1.9.0"));
      refused(ErrorCode.PERMISSION_DENIED,
          () -> guarded.promotions().request(back.asRollback()));
      Promotion rollback = guarded.promotions().request(
          PromotionRequest.of("shop", "staging", "production", "bob").asRollback());
      assertThat(rollback.rollback()).isTrue();
      assertThat(rollback.history().get(0).reason()).isEqualTo("requested as a rollback");
      assertThat(guarded.store.query(PromotionQuery.of(SHOP)).total()).isEqualTo(1);
    }
  }

  @Test
  void rollbackIsWrittenInTheCommit() {
    edit(PRODUCTION, "values.yaml", v -> v.replace("1.3.0", "1.9.0"));
    Promotion p = world.promotions().request(PromotionRequest.of("shop", "staging",
        "production", "alice").asRollback());
    world.promotions().approve(p.id(), BOB, "");
    world.promotions().approve(p.id(), CAROL, "");
    assertThat(world.environments.commits(SHOP, PRODUCTION)).singleElement()
        .satisfies(c -> assertThat(c.rollback()).isTrue());
  }
}

package dev.baton.git.state;

import static dev.baton.git.GitCli.gitLine;
import static dev.baton.git.state.Fixtures.PRODUCTION;
import static dev.baton.git.state.Fixtures.SHOP;
import static dev.baton.git.state.Fixtures.STAGING;
import static dev.baton.git.state.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.git.GitCli;
import dev.baton.git.state.internal.StateLayout;
import dev.baton.model.BreakGlass;
import dev.baton.model.CasResult;
import dev.baton.model.InsertResult;
import dev.baton.model.Notification;
import dev.baton.model.PendingNotification;
import dev.baton.model.Pipeline;
import dev.baton.model.ProjectId;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionQuery;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitStateStoreRoundTripTest {
  @TempDir Path tmp;
  Path repo;
  GitStateStore store;

  @BeforeEach
  void setUp() {
    repo = GitCli.initWithCommit(tmp.resolve("gitops"));
    store = GitStateStore.builder(repo)
        .committer("Baton Test", "baton@example.com")
        .clock(Clock.fixed(T0, ZoneOffset.UTC))
        .build();
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  @Test
  void anAbsentRefIsAnEmptyStoreAndReadsDoNotCreateIt() {
    assertThat(store.find(PromotionId.of("p-1"))).isEmpty();
    assertThat(store.query(PromotionQuery.of(SHOP)).total()).isZero();
    assertThat(store.projects()).isEmpty();
    assertThat(store.pendingNotifications(T0, 10)).isEmpty();
    assertThat(GitCli.run(repo, null, "rev-parse", "--verify", "-q", "refs/baton/state")
        .exitCode()).isNotZero();
  }

  @Test
  void aPromotionWithEveryPartRoundTripsAndIsReadableJsonInGit() {
    Promotion rich = Fixtures.richPromotion("p-12");
    // a rich promotion has version 3; store it as a new one at version 1
    Promotion first = rich.toBuilder().version(1).build();
    Notification n = Fixtures.notification("n-1", first, T0);

    assertThat(store.insert(first, List.of(n))).isEqualTo(InsertResult.INSERTED);

    assertThat(store.find(first.id())).contains(first);
    assertThat(store.findByIdempotencyKey(SHOP, "req/42?x=1")).contains(first);
    assertThat(store.findByIdempotencyKey(SHOP, "other")).isEmpty();
    assertThat(store.findByIdempotencyKey(ProjectId.of("other"), "req/42?x=1")).isEmpty();
    assertThat(store.pendingNotifications(T0, 10)).containsExactly(PendingNotification.fresh(n));

    String path = StateLayout.promotionPath(first.id());
    assertThat(path).matches("promotions/[0-9a-f]{2}/p-12\\.json");
    String json = gitLine(repo, "cat-file", "-p", "refs/baton/state:" + path);
    assertThat(json)
        .contains("\"id\" : \"p-12\"")
        .contains("\"requestedAt\" : \"2026-11-22T10:15:30.123456789Z\"")
        .contains("\"status\" : \"PENDING_RELEASE\"")
        .contains("\"scope\" : [ \"IMAGE_TAGS\", \"VARIABLES\" ]")
        .contains("ünïcödé");
    // keys are sorted
    assertThat(json.indexOf("\"breakGlass\"")).isLessThan(json.indexOf("\"changes\""));
    assertThat(gitLine(repo, "cat-file", "-p",
        "refs/baton/state:" + StateLayout.keyPath(SHOP, "req/42?x=1"))).isEqualTo("p-12");
    assertThat(gitLine(repo, "cat-file", "-p", "refs/baton/state:FORMAT"))
        .isEqualTo("baton-state 1");
    assertThat(gitLine(repo, "cat-file", "-p", "refs/baton/state:outbox/n-1.json"))
        .contains("\"attempts\" : 0").contains("\"kind\" : \"SUBMITTED\"");
    assertThat(gitLine(repo, "fsck", "--full", "--strict")).doesNotContain("error");
  }

  @Test
  void everyEntityRoundTripsWithOneCommitPerChange() {
    Promotion p = Fixtures.promotion("p-1");
    store.insert(p, List.of());
    store.compareAndSet(1, Fixtures.approved(p, "bob"), List.of());
    store.compareAndSetTargetClaim(SHOP, PRODUCTION, Optional.empty(), Optional.of(p.id()));
    Pipeline pipeline = Fixtures.pipeline(SHOP);
    store.compareAndSet(0, pipeline);
    store.putFreeze(Fixtures.freeze(PRODUCTION));
    BreakGlass first = Fixtures.breakGlass(T0);
    BreakGlass second = Fixtures.breakGlass(T0.plusSeconds(100));
    store.addBreakGlass(second);
    store.addBreakGlass(first);

    assertThat(store.find(p.id()).orElseThrow().version()).isEqualTo(2);
    assertThat(store.targetClaim(SHOP, PRODUCTION)).contains(p.id());
    assertThat(store.targetClaim(SHOP, STAGING)).isEmpty();
    assertThat(store.find(SHOP)).contains(pipeline.withVersion(1));
    assertThat(store.projects()).containsExactly(SHOP);
    assertThat(store.freeze(SHOP, PRODUCTION)).contains(Fixtures.freeze(PRODUCTION));
    assertThat(store.freeze(SHOP, STAGING)).isEmpty();
    assertThat(store.breakGlassSessions(SHOP, PRODUCTION)).containsExactly(first, second);
    assertThat(store.breakGlassSessions(SHOP, STAGING)).isEmpty();

    List<String> log =
        List.of(gitLine(repo, "log", "--format=%s", "refs/baton/state").split("\n"));
    assertThat(log).containsExactly(
        "break-glass shop/production by bob until 2026-11-22T10:30:30.123456789Z: hotfix",
        "break-glass shop/production by bob until 2026-11-22T10:32:10.123456789Z: hotfix",
        "freeze shop/production by alice: release week",
        "pipeline shop v1",
        "claim shop/production: p-1",
        "promotion p-1 v2: PENDING_APPROVAL",
        "promotion p-1 v1: PENDING_APPROVAL");
    assertThat(gitLine(repo, "log", "-1", "--format=%an <%ae> %cI", "refs/baton/state"))
        .isEqualTo("Baton Test <baton@example.com> 2026-11-22T10:15:30+00:00");
    assertThat(gitLine(repo, "ls-tree", "-r", "--name-only", "refs/baton/state").split("\n"))
        .containsExactlyInAnyOrder(
            "FORMAT",
            StateLayout.promotionPath(p.id()),
            "claims/shop/production",
            "pipelines/shop.json",
            "freezes/shop/production.json",
            "break-glass/shop/production/000001-20261122T101710Z.json",
            "break-glass/shop/production/000002-20261122T101530Z.json");
    assertThat(gitLine(repo, "fsck", "--full", "--strict")).doesNotContain("error");
    // the work tree and the branch are untouched
    assertThat(gitLine(repo, "status", "--porcelain")).isEmpty();
    assertThat(gitLine(repo, "log", "--format=%s", "main")).isEqualTo("initial");
  }

  @Test
  void removalsAndOutboxUpdatesRoundTrip() {
    Promotion p = Fixtures.promotion("p-1");
    Notification a = Fixtures.notification("n-a", p, T0);
    Notification b = Fixtures.notification("n-b", p, T0.plusSeconds(1));
    store.insert(p, List.of(a, b));
    store.compareAndSetTargetClaim(SHOP, PRODUCTION, Optional.empty(), Optional.of(p.id()));
    store.putFreeze(Fixtures.freeze(PRODUCTION));

    store.markFailed(a.id(), "smtp down", T0.plusSeconds(30));
    store.markDelivered(b.id());
    assertThat(store.compareAndSetTargetClaim(SHOP, PRODUCTION, Optional.of(p.id()),
        Optional.empty())).isTrue();
    store.removeFreeze(SHOP, PRODUCTION);

    assertThat(store.pendingNotifications(T0.plusSeconds(29), 10)).isEmpty();
    assertThat(store.pendingNotifications(T0.plusSeconds(30), 10)).containsExactly(
        new PendingNotification(a, 1, T0.plusSeconds(30), Optional.of("smtp down")));
    assertThat(store.targetClaim(SHOP, PRODUCTION)).isEmpty();
    assertThat(store.freeze(SHOP, PRODUCTION)).isEmpty();
    assertThat(gitLine(repo, "ls-tree", "-r", "--name-only", "refs/baton/state").split("\n"))
        .containsExactlyInAnyOrder("FORMAT", StateLayout.promotionPath(p.id()),
            "outbox/n-a.json");
    assertThat(gitLine(repo, "log", "-4", "--format=%s", "refs/baton/state").split("\n"))
        .containsExactly(
            "unfreeze shop/production",
            "release claim shop/production (was p-1)",
            "outbox: delivered n-b",
            "outbox: n-a failed (attempt 1), retry at 2026-11-22T10:16:00.123456789Z");
  }

  @Test
  void changesThatChangeNothingMakeNoCommit() {
    Promotion p = Fixtures.promotion("p-1");
    store.insert(p, List.of());
    store.putFreeze(Fixtures.freeze(PRODUCTION));
    String head = gitLine(repo, "rev-parse", "refs/baton/state");

    store.putFreeze(Fixtures.freeze(PRODUCTION));
    store.removeFreeze(SHOP, STAGING);
    store.markDelivered(dev.baton.model.NotificationId.of("unknown"));
    store.markFailed(dev.baton.model.NotificationId.of("unknown"), "x", T0);
    assertThat(store.compareAndSetTargetClaim(SHOP, PRODUCTION, Optional.empty(),
        Optional.empty())).isTrue();
    assertThat(store.compareAndSet(5, Fixtures.approved(p, "bob").toBuilder().version(6).build(),
        List.of())).isEqualTo(CasResult.VERSION_MISMATCH);

    assertThat(gitLine(repo, "rev-parse", "refs/baton/state")).isEqualTo(head);
  }

  @Test
  void aConfiguredRefAndABareRepositoryWork() {
    Path bare = GitCli.initBare(tmp.resolve("bare.git"));
    try (GitStateStore other = GitStateStore.builder(bare).ref("refs/meta/promotions").build()) {
      other.insert(Fixtures.promotion("p-1"), List.of());
      assertThat(other.find(PromotionId.of("p-1"))).isPresent();
    }
    assertThat(gitLine(bare, "log", "--format=%s %an", "refs/meta/promotions"))
        .isEqualTo("promotion p-1 v1: PENDING_APPROVAL Baton");
  }
}

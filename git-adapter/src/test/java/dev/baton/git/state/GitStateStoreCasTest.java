package dev.baton.git.state;

import static dev.baton.git.GitCli.gitLine;
import static dev.baton.git.state.Fixtures.PRODUCTION;
import static dev.baton.git.state.Fixtures.SHOP;
import static dev.baton.git.state.Fixtures.STAGING;
import static dev.baton.git.state.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.git.GitCli;
import dev.baton.git.state.internal.StateLayout;
import dev.baton.model.CasResult;
import dev.baton.model.InsertResult;
import dev.baton.model.Notification;
import dev.baton.model.NotificationId;
import dev.baton.model.Pipeline;
import dev.baton.model.ProjectId;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitStateStoreCasTest {
  @TempDir Path tmp;
  Path repo;
  GitStateStore store;

  @BeforeEach
  void setUp() {
    repo = GitCli.initWithCommit(tmp.resolve("gitops"));
    store = GitStateStore.open(repo);
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  private int commits() {
    return Integer.parseInt(gitLine(repo, "rev-list", "--count", "refs/baton/state"));
  }

  @Test
  void compareAndSetAppliesOnlyOnTheExpectedVersion() {
    Promotion v1 = Fixtures.promotion("p-1");
    store.insert(v1, List.of());
    Promotion v2 = Fixtures.approved(v1, "bob");

    assertThat(store.compareAndSet(1, v2, List.of())).isEqualTo(CasResult.APPLIED);
    assertThat(store.compareAndSet(1, v2, List.of())).isEqualTo(CasResult.VERSION_MISMATCH);
    Promotion v3 = Fixtures.approved(v2, "carol");
    assertThat(store.compareAndSet(2, v3, List.of())).isEqualTo(CasResult.APPLIED);
    assertThat(store.find(v1.id())).contains(v3);
    assertThat(commits()).isEqualTo(3);
  }

  @Test
  void compareAndSetOfAnUnknownPromotionIsNotFound() {
    Promotion ghost = Fixtures.approved(Fixtures.promotion("ghost"), "bob");
    assertThat(store.compareAndSet(1, ghost, List.of())).isEqualTo(CasResult.NOT_FOUND);
    assertThat(GitCli.run(repo, null, "rev-parse", "-q", "--verify", "refs/baton/state")
        .exitCode()).isNotZero();
  }

  @Test
  void aNextVersionThatDoesNotFollowTheExpectedOneIsRefused() {
    Promotion v1 = Fixtures.promotion("p-1");
    store.insert(v1, List.of());
    assertThatThrownBy(() -> store.compareAndSet(1, v1, List.of()))
        .isInstanceOfSatisfying(BatonException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    assertThatThrownBy(() -> store.insert(Fixtures.approved(Fixtures.promotion("p-2"), "b"),
        List.of()))
        .isInstanceOfSatisfying(BatonException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    Promotion rekeyed = Fixtures.approved(v1, "bob").toBuilder()
        .idempotencyKey(Optional.of("new key")).build();
    assertThatThrownBy(() -> store.compareAndSet(1, rekeyed, List.of()))
        .isInstanceOfSatisfying(BatonException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    assertThat(store.find(v1.id())).contains(v1);
    assertThat(commits()).isEqualTo(1);
  }

  @Test
  void insertingADuplicateIdOrKeyWritesNothing() {
    Promotion keyed = Fixtures.promotion("p-1").toBuilder()
        .idempotencyKey(Optional.of("k-1")).build();
    assertThat(store.insert(keyed, List.of())).isEqualTo(InsertResult.INSERTED);

    Promotion sameId = Fixtures.promotion("p-1");
    Notification n = Fixtures.notification("n-dup", sameId, T0);
    assertThat(store.insert(sameId, List.of(n))).isEqualTo(InsertResult.DUPLICATE_ID);
    Promotion sameKey = Fixtures.promotion("p-2").toBuilder()
        .idempotencyKey(Optional.of("k-1")).build();
    assertThat(store.insert(sameKey, List.of(n))).isEqualTo(InsertResult.DUPLICATE_KEY);
    // the same key in another project is another key
    Promotion otherProject = Fixtures.promotion("p-3", ProjectId.of("blog"), T0).toBuilder()
        .idempotencyKey(Optional.of("k-1")).build();
    assertThat(store.insert(otherProject, List.of())).isEqualTo(InsertResult.INSERTED);

    assertThat(store.find(PromotionId.of("p-1"))).contains(keyed);
    assertThat(store.find(PromotionId.of("p-2"))).isEmpty();
    assertThat(store.findByIdempotencyKey(SHOP, "k-1")).contains(keyed);
    assertThat(store.findByIdempotencyKey(ProjectId.of("blog"), "k-1")).contains(otherProject);
    assertThat(store.pendingNotifications(T0, 10)).isEmpty();
    assertThat(commits()).isEqualTo(2);
  }

  @Test
  void notificationsAreStoredInTheCommitOfTheChangeAndALostCasStoresNone() {
    Promotion v1 = Fixtures.promotion("p-1");
    store.insert(v1, List.of(Fixtures.notification("n-submitted", v1, T0)));
    Promotion v2 = Fixtures.approved(v1, "bob");
    Notification approved = Fixtures.notification("n-approved", v2, T0.plusSeconds(1));

    assertThat(store.compareAndSet(1, v2, List.of(approved))).isEqualTo(CasResult.APPLIED);
    String applied = gitLine(repo, "show", "--name-only", "--format=%s", "refs/baton/state");
    assertThat(applied.split("\n")).containsExactly("promotion p-1 v2: PENDING_APPROVAL", "",
        "outbox/n-approved.json", StateLayout.promotionPath(v1.id()));

    Notification lost = Fixtures.notification("n-lost", v2, T0.plusSeconds(2));
    assertThat(store.compareAndSet(1, Fixtures.approved(v1, "carol"), List.of(lost)))
        .isEqualTo(CasResult.VERSION_MISMATCH);
    assertThat(store.pendingNotifications(T0.plusSeconds(10), 10))
        .extracting(p -> p.notification().id().value())
        .containsExactly("n-submitted", "n-approved");
    assertThat(gitLine(repo, "ls-tree", "--name-only", "refs/baton/state:outbox").split("\n"))
        .containsExactly("n-approved.json", "n-submitted.json");
    assertThat(commits()).isEqualTo(2);
  }

  @Test
  void aNotificationIdAlreadyInTheOutboxOrListedTwiceIsRefused() {
    Promotion v1 = Fixtures.promotion("p-1");
    Notification n = Fixtures.notification("n-1", v1, T0);
    store.insert(v1, List.of(n));
    assertThatThrownBy(() -> store.compareAndSet(1, Fixtures.approved(v1, "bob"), List.of(n)))
        .isInstanceOfSatisfying(BatonException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    Promotion p2 = Fixtures.promotion("p-2");
    Notification m = Fixtures.notification("n-2", p2, T0);
    assertThatThrownBy(() -> store.insert(p2, List.of(m, m)))
        .isInstanceOf(BatonException.class);
    assertThat(store.find(v1.id()).orElseThrow().version()).isEqualTo(1);
    assertThat(store.find(p2.id())).isEmpty();
  }

  @Test
  void targetClaimsAreCompareAndSet() {
    PromotionId p1 = PromotionId.of("p-1");
    PromotionId p2 = PromotionId.of("p-2");
    assertThat(store.compareAndSetTargetClaim(SHOP, PRODUCTION, Optional.empty(),
        Optional.of(p1))).isTrue();
    assertThat(store.compareAndSetTargetClaim(SHOP, PRODUCTION, Optional.empty(),
        Optional.of(p2))).isFalse();
    assertThat(store.compareAndSetTargetClaim(SHOP, PRODUCTION, Optional.of(p2),
        Optional.empty())).isFalse();
    assertThat(store.targetClaim(SHOP, PRODUCTION)).contains(p1);
    // claims are per project and target
    assertThat(store.compareAndSetTargetClaim(SHOP, STAGING, Optional.empty(),
        Optional.of(p2))).isTrue();
    assertThat(store.compareAndSetTargetClaim(ProjectId.of("blog"), PRODUCTION,
        Optional.empty(), Optional.of(p2))).isTrue();

    assertThat(store.compareAndSetTargetClaim(SHOP, PRODUCTION, Optional.of(p1),
        Optional.of(p2))).isTrue();
    assertThat(store.targetClaim(SHOP, PRODUCTION)).contains(p2);
    assertThat(store.compareAndSetTargetClaim(SHOP, PRODUCTION, Optional.of(p2),
        Optional.empty())).isTrue();
    assertThat(store.targetClaim(SHOP, PRODUCTION)).isEmpty();
    assertThat(gitLine(repo, "cat-file", "-p", "refs/baton/state:claims/shop/staging"))
        .isEqualTo("p-2");
    assertThat(commits()).isEqualTo(5);
  }

  @Test
  void pipelinesAreCompareAndSetOnTheirVersion() {
    Pipeline pipeline = Fixtures.pipeline(SHOP);
    assertThat(store.compareAndSet(1, pipeline)).isEqualTo(CasResult.NOT_FOUND);
    assertThat(store.compareAndSet(0, pipeline)).isEqualTo(CasResult.APPLIED);
    assertThat(store.compareAndSet(0, pipeline)).isEqualTo(CasResult.VERSION_MISMATCH);
    Pipeline changed = Pipeline.builder(SHOP).stage("dev").stage("prod")
        .transition("dev", "prod", 1).build().withVersion(2);
    assertThat(store.compareAndSet(1, changed)).isEqualTo(CasResult.APPLIED);
    assertThat(store.compareAndSet(1, changed)).isEqualTo(CasResult.VERSION_MISMATCH);
    assertThat(store.find(SHOP)).contains(changed);
    assertThat(store.find(ProjectId.of("blog"))).isEmpty();
    assertThat(gitLine(repo, "log", "--format=%s", "refs/baton/state").split("\n"))
        .containsExactly("pipeline shop v2", "pipeline shop v1");
  }

  @Test
  void outboxIsOldestFirstDueOnlyAndLimited() {
    Promotion p = Fixtures.promotion("p-1");
    Notification late = Fixtures.notification("n-late", p, T0.plusSeconds(20));
    Notification early = Fixtures.notification("n-early", p, T0);
    Notification middle = Fixtures.notification("n-middle", p, T0.plusSeconds(10));
    store.insert(p, List.of(late, early, middle));

    assertThat(store.pendingNotifications(T0.plusSeconds(60), 10))
        .extracting(n -> n.notification().id().value())
        .containsExactly("n-early", "n-middle", "n-late");
    assertThat(store.pendingNotifications(T0.plusSeconds(10), 10))
        .extracting(n -> n.notification().id().value())
        .containsExactly("n-early", "n-middle");
    assertThat(store.pendingNotifications(T0.plusSeconds(60), 1))
        .extracting(n -> n.notification().id().value()).containsExactly("n-early");
    assertThat(store.pendingNotifications(T0.plusSeconds(60), 0)).isEmpty();

    store.markFailed(early.id(), "boom", T0.plusSeconds(100));
    store.markFailed(early.id(), "boom again", T0.plusSeconds(200));
    assertThat(store.pendingNotifications(T0.plusSeconds(60), 10))
        .extracting(n -> n.notification().id().value()).containsExactly("n-middle", "n-late");
    var retried = store.pendingNotifications(T0.plusSeconds(200), 10).get(0);
    assertThat(retried.attempts()).isEqualTo(2);
    assertThat(retried.lastError()).contains("boom again");
    store.markDelivered(early.id());
    store.markDelivered(early.id());
    assertThat(store.pendingNotifications(T0.plusSeconds(300), 10)).hasSize(2);
    assertThatThrownBy(() -> store.pendingNotifications(T0, -1))
        .isInstanceOf(BatonException.class);
  }

  @Test
  void notificationIdsWithAnyCharactersGetSafeDistinctFileNames() {
    Promotion p = Fixtures.promotion("p-1");
    List<String> ids = List.of("a/b", "a%2Fb", ".git", "..", "sp ace", "ünï", "x".repeat(200),
        "x".repeat(199) + "y");
    store.insert(p, ids.stream().map(id -> Fixtures.notification(id, p, T0)).toList());

    assertThat(store.pendingNotifications(T0, 100))
        .extracting(n -> n.notification().id().value())
        .containsExactlyInAnyOrderElementsOf(ids);
    String[] names = gitLine(repo, "ls-tree", "--name-only", "refs/baton/state:outbox").split("\n");
    assertThat(names).hasSize(ids.size()).allMatch(n -> n.matches("[A-Za-z0-9._~%-]+\\.json")
        && !n.startsWith(".") && n.length() < 130);
    assertThat(gitLine(repo, "fsck", "--full", "--strict")).doesNotContain("error");
    for (String id : ids) {
      store.markDelivered(NotificationId.of(id));
    }
    assertThat(store.pendingNotifications(T0, 100)).isEmpty();
  }
}

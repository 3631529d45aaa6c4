package dev.baton.git.state;

import static dev.baton.git.GitCli.gitLine;
import static dev.baton.git.state.Fixtures.PRODUCTION;
import static dev.baton.git.state.Fixtures.SHOP;
import static dev.baton.git.state.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.git.GitCli;
import dev.baton.git.state.internal.StateLayout;
import dev.baton.model.CasResult;
import dev.baton.model.InsertResult;
import dev.baton.model.NotificationId;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionQuery;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two clones of one bare remote, both writing state, then pushing and fetching it: both end on
 * the same commit holding the union of their changes, and a change that lost its
 * compare-and-set is reported, not applied.
 */
class GitStateStoreSyncTest {
  private static final String REF = GitStateStore.DEFAULT_REF;

  @TempDir Path tmp;
  Path remote;
  Path one;
  Path two;

  @BeforeEach
  void setUp() {
    remote = GitCli.initBare(tmp.resolve("remote.git"));
    one = tmp.resolve("one");
    two = tmp.resolve("two");
    gitLine(tmp, "clone", "-q", remote.toString(), one.toString());
    gitLine(tmp, "clone", "-q", remote.toString(), two.toString());
  }

  private static String tip(Path repo) {
    return gitLine(repo, "rev-parse", REF);
  }

  private void assertConverged(GitStateStore a, GitStateStore b) {
    assertThat(tip(one)).isEqualTo(tip(two)).isEqualTo(tip(remote));
    assertThat(a.query(PromotionQuery.of(SHOP)).items())
        .containsExactlyElementsOf(b.query(PromotionQuery.of(SHOP)).items());
    assertThat(a.pendingNotifications(Instant.MAX, 1000))
        .containsExactlyInAnyOrderElementsOf(b.pendingNotifications(Instant.MAX, 1000));
    for (Path repo : List.of(one, two, remote)) {
      GitCli.Result fsck = GitCli.run(repo, null, "fsck", "--full", "--strict");
      assertThat(fsck.exitCode()).as(fsck.err()).isZero();
      assertThat(fsck.err() + fsck.out()).doesNotContain("error");
    }
  }

  /** Both start from one shared promotion p-1. */
  private void shareP1(GitStateStore a, GitStateStore b) {
    a.insert(Fixtures.promotion("p-1"), List.of());
    a.push("origin");
    assertThat(b.fetch("origin").outcome()).isEqualTo(SyncResult.Outcome.FAST_FORWARDED);
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void differentChangesOnBothClonesEndAsTheirUnion(boolean onePushesFirst) {
    try (GitStateStore a = GitStateStore.open(one); GitStateStore b = GitStateStore.open(two)) {
      shareP1(a, b);
      Promotion p1 = a.find(PromotionId.of("p-1")).orElseThrow();
      a.insert(Fixtures.promotion("p-a"), List.of(Fixtures.notification("n-a",
          Fixtures.promotion("p-a"), T0)));
      b.insert(Fixtures.promotion("p-b"), List.of(Fixtures.notification("n-b",
          Fixtures.promotion("p-b"), T0)));
      assertThat(b.compareAndSet(1, Fixtures.approved(p1, "bob"), List.of()))
          .isEqualTo(CasResult.APPLIED);
      a.compareAndSet(0, Fixtures.pipeline(SHOP));
      GitStateStore first = onePushesFirst ? a : b;
      GitStateStore second = onePushesFirst ? b : a;
      String secondBefore = tip(onePushesFirst ? two : one);

      first.push("origin");
      assertThatThrownBy(() -> second.push("origin"))
          .isInstanceOfSatisfying(BatonException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.WRITE_CONFLICT));
      SyncResult merged = second.fetch("origin");
      assertThat(merged.outcome()).isEqualTo(SyncResult.Outcome.MERGED);
      assertThat(merged.refused()).isEmpty();
      assertThat(merged.replayed()).isNotEmpty();
      assertThat(merged.before()).contains(secondBefore);
      second.push("origin");
      assertThat(first.fetch("origin").outcome()).isEqualTo(SyncResult.Outcome.FAST_FORWARDED);

      assertConverged(a, b);
      for (GitStateStore s : List.of(a, b)) {
        assertThat(s.query(PromotionQuery.of(SHOP)).items()).extracting(p -> p.id().value())
            .containsExactlyInAnyOrder("p-1", "p-a", "p-b");
        assertThat(s.find(PromotionId.of("p-1")).orElseThrow().version()).isEqualTo(2);
        assertThat(s.find(SHOP)).isPresent();
        assertThat(s.pendingNotifications(Instant.MAX, 10)).hasSize(2);
      }
      // The merge keeps both histories: the remote's first, then the replayed side.
      String parents = gitLine(remote, "rev-list", "--parents", "-n", "1", REF);
      assertThat(parents.split(" ")).hasSize(3).contains(secondBefore);
      assertThat(first.fetch("origin").outcome()).isEqualTo(SyncResult.Outcome.UP_TO_DATE);
      assertThat(second.fetch("origin").outcome()).isEqualTo(SyncResult.Outcome.UP_TO_DATE);
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void theSamePromotionChangedOnBothClonesKeepsThePushedChangeAndReportsTheOther(
      boolean onePushesFirst) {
    try (GitStateStore a = GitStateStore.open(one); GitStateStore b = GitStateStore.open(two)) {
      shareP1(a, b);
      Promotion p1 = a.find(PromotionId.of("p-1")).orElseThrow();
      Promotion byBob = Fixtures.approved(p1, "bob");
      Promotion byCarol = Fixtures.approved(p1, "carol");
      assertThat(a.compareAndSet(1, byBob, List.of(Fixtures.notification("n-bob", p1, T0))))
          .isEqualTo(CasResult.APPLIED);
      assertThat(b.compareAndSet(1, byCarol, List.of(Fixtures.notification("n-carol", p1, T0))))
          .isEqualTo(CasResult.APPLIED);
      b.insert(Fixtures.promotion("p-b"), List.of()); // unrelated: still replayed
      GitStateStore first = onePushesFirst ? a : b;
      GitStateStore second = onePushesFirst ? b : a;
      Promotion winner = onePushesFirst ? byBob : byCarol;
      String losingNotification = onePushesFirst ? "n-carol" : "n-bob";

      first.push("origin");
      SyncResult merged = second.fetch("origin");
      assertThat(merged.outcome()).isEqualTo(SyncResult.Outcome.MERGED);
      assertThat(merged.refused()).singleElement().satisfies(c -> {
        assertThat(c.paths()).contains(StateLayout.promotionPath(p1.id()));
        assertThat(c.paths()).anyMatch(path -> path.contains(losingNotification));
        assertThat(c.reason()).contains("changed on the remote");
      });
      second.push("origin");
      first.fetch("origin");

      assertConverged(a, b);
      for (GitStateStore s : List.of(a, b)) {
        assertThat(s.find(p1.id())).contains(winner);
        assertThat(s.pendingNotifications(Instant.MAX, 10))
            .extracting(n -> n.notification().id().value())
            .containsExactly(onePushesFirst ? "n-bob" : "n-carol");
      }
      assertThat(a.find(PromotionId.of("p-b"))).isPresent();
      assertThat(gitLine(remote, "log", "-1", "--format=%B", REF)).contains("Refused");
    }
  }

  @Test
  void theSameClaimOrIdempotencyKeyTakenOnBothClonesHasOneWinner() {
    try (GitStateStore a = GitStateStore.open(one); GitStateStore b = GitStateStore.open(two)) {
      shareP1(a, b);
      PromotionId p1 = PromotionId.of("p-1");
      PromotionId p2 = PromotionId.of("p-2");
      assertThat(a.compareAndSetTargetClaim(SHOP, PRODUCTION, Optional.empty(), Optional.of(p1)))
          .isTrue();
      assertThat(b.compareAndSetTargetClaim(SHOP, PRODUCTION, Optional.empty(), Optional.of(p2)))
          .isTrue();
      Promotion keyedA = Fixtures.promotion("p-ka").toBuilder()
          .idempotencyKey(Optional.of("req-7")).build();
      Promotion keyedB = Fixtures.promotion("p-kb").toBuilder()
          .idempotencyKey(Optional.of("req-7")).build();
      assertThat(a.insert(keyedA, List.of())).isEqualTo(InsertResult.INSERTED);
      assertThat(b.insert(keyedB, List.of())).isEqualTo(InsertResult.INSERTED);
      // The same id inserted on both sides: the first pushed wins.
      Promotion sameIdA = Fixtures.promotion("p-same");
      Promotion sameIdB = Fixtures.promotion("p-same", SHOP, T0.plusSeconds(1));
      a.insert(sameIdA, List.of());
      b.insert(sameIdB, List.of());

      a.push("origin");
      SyncResult merged = b.fetch("origin");
      assertThat(merged.refused()).hasSize(3);
      assertThat(merged.refused()).flatExtracting(SyncResult.Change::paths).contains(
          StateLayout.claimPath(SHOP, PRODUCTION), StateLayout.promotionPath(keyedB.id()),
          StateLayout.keyPath(SHOP, "req-7"), StateLayout.promotionPath(sameIdB.id()));
      b.push("origin");
      a.fetch("origin");

      assertConverged(a, b);
      for (GitStateStore s : List.of(a, b)) {
        assertThat(s.targetClaim(SHOP, PRODUCTION)).contains(p1);
        assertThat(s.findByIdempotencyKey(SHOP, "req-7")).contains(keyedA);
        assertThat(s.find(keyedB.id())).isEmpty();
        assertThat(s.find(sameIdA.id())).contains(sameIdA);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aNotificationDeliveredOnOneCloneIsNotDeliveredAgain(boolean deliveredFirst) {
    try (GitStateStore a = GitStateStore.open(one); GitStateStore b = GitStateStore.open(two)) {
      Promotion p = Fixtures.promotion("p-1");
      a.insert(p, List.of(Fixtures.notification("n-1", p, T0)));
      a.push("origin");
      b.fetch("origin");
      NotificationId n1 = NotificationId.of("n-1");
      a.markDelivered(n1);
      b.markFailed(n1, "smtp down", T0.plusSeconds(60));
      (deliveredFirst ? a : b).push("origin");
      SyncResult merged = (deliveredFirst ? b : a).fetch("origin");
      assertThat(merged.outcome()).isEqualTo(SyncResult.Outcome.MERGED);
      assertThat(merged.refused()).hasSize(deliveredFirst ? 1 : 0);
      (deliveredFirst ? b : a).push("origin");
      (deliveredFirst ? a : b).fetch("origin");
      assertConverged(a, b);
      assertThat(a.pendingNotifications(Instant.MAX, 10)).isEmpty();
    }
  }

  @Test
  void clonesThatNeverSharedStateMergeIntoOne() {
    try (GitStateStore a = GitStateStore.open(one); GitStateStore b = GitStateStore.open(two)) {
      a.insert(Fixtures.promotion("p-a"), List.of());
      b.insert(Fixtures.promotion("p-b"), List.of());
      a.push("origin");
      assertThat(b.fetch("origin").outcome()).isEqualTo(SyncResult.Outcome.MERGED);
      b.push("origin");
      a.fetch("origin");
      assertConverged(a, b);
      assertThat(a.query(PromotionQuery.of(SHOP)).total()).isEqualTo(2);
    }
  }

  @Test
  void aMergeNotYetPushedIsReplayedAgainWithoutDoublingOrFalseRefusals() {
    try (GitStateStore a = GitStateStore.open(one); GitStateStore b = GitStateStore.open(two)) {
      shareP1(a, b);
      a.insert(Fixtures.promotion("p-a1"), List.of());
      b.insert(Fixtures.promotion("p-b1"), List.of());
      a.push("origin");
      assertThat(b.fetch("origin").outcome()).isEqualTo(SyncResult.Outcome.MERGED);
      // Before b pushes its merge, a writes and pushes again.
      a.insert(Fixtures.promotion("p-a2"), List.of());
      a.push("origin");
      b.insert(Fixtures.promotion("p-b2"), List.of());
      SyncResult again = b.fetch("origin");
      assertThat(again.outcome()).isEqualTo(SyncResult.Outcome.MERGED);
      assertThat(again.refused()).isEmpty();
      b.push("origin");
      a.fetch("origin");
      assertConverged(a, b);
      assertThat(a.query(PromotionQuery.of(SHOP)).items()).extracting(p -> p.id().value())
          .containsExactlyInAnyOrder("p-1", "p-a1", "p-a2", "p-b1", "p-b2");
    }
  }

  @Test
  void seededRoundsOfWritesAndSyncsInRandomOrdersLoseAndDoubleNothing() {
    long seed = Long.getLong("baton.seed", 20261129L);
    Random random = new Random(seed);
    TreeSet<String> inserted = new TreeSet<>();
    try (GitStateStore a = GitStateStore.open(one); GitStateStore b = GitStateStore.open(two)) {
      List<GitStateStore> stores = List.of(a, b);
      for (int round = 0; round < 8; round++) {
        for (int s = 0; s < 2; s++) {
          for (int i = random.nextInt(3); i > 0; i--) {
            String id = "p-" + round + "-" + s + "-" + i;
            stores.get(s).insert(Fixtures.promotion(id), List.of());
            inserted.add(id);
          }
        }
        int order = random.nextInt(2);
        for (int k = 0; k < 2; k++) {
          GitStateStore s = stores.get((order + k) % 2);
          s.fetch("origin");
          s.push("origin");
        }
        stores.get(order).fetch("origin");
      }
      assertConverged(a, b);
      assertThat(a.query(PromotionQuery.of(SHOP).withPage(0, 1000)).items())
          .as("seed %d", seed).extracting(p -> p.id().value())
          .containsExactlyInAnyOrderElementsOf(inserted);
    }
  }
}

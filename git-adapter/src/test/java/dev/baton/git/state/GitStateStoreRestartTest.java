package dev.baton.git.state;

import static dev.baton.git.state.Fixtures.PRODUCTION;
import static dev.baton.git.state.Fixtures.SHOP;
import static dev.baton.git.state.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.git.GitCli;
import dev.baton.model.BreakGlass;
import dev.baton.model.CasResult;
import dev.baton.model.Notification;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionQuery;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitStateStoreRestartTest {
  @TempDir Path tmp;

  @Test
  void everythingIsThereAfterCloseAndReopen() {
    Path repo = GitCli.initWithCommit(tmp.resolve("gitops"));
    Promotion rich = Fixtures.richPromotion("p-9").toBuilder().version(1).build();
    Notification n = Fixtures.notification("n-1", rich, T0);
    BreakGlass session = Fixtures.breakGlass(T0);
    try (GitStateStore store = GitStateStore.open(repo)) {
      store.insert(rich, List.of(n));
      store.insert(Fixtures.promotion("p-10"), List.of());
      store.compareAndSetTargetClaim(SHOP, PRODUCTION, Optional.empty(), Optional.of(rich.id()));
      store.compareAndSet(0, Fixtures.pipeline(SHOP));
      store.putFreeze(Fixtures.freeze(PRODUCTION));
      store.addBreakGlass(session);
      store.markFailed(n.id(), "later", T0.plusSeconds(5));
    }
    try (GitStateStore store = GitStateStore.open(repo)) {
      assertThat(store.find(rich.id())).contains(rich);
      assertThat(store.findByIdempotencyKey(SHOP, rich.idempotencyKey().orElseThrow()))
          .contains(rich);
      assertThat(store.query(PromotionQuery.of(SHOP)).items())
          .extracting(p -> p.id().value()).containsExactly("p-9", "p-10");
      assertThat(store.targetClaim(SHOP, PRODUCTION)).contains(rich.id());
      assertThat(store.find(SHOP)).contains(Fixtures.pipeline(SHOP).withVersion(1));
      assertThat(store.freeze(SHOP, PRODUCTION)).contains(Fixtures.freeze(PRODUCTION));
      assertThat(store.breakGlassSessions(SHOP, PRODUCTION)).containsExactly(session);
      assertThat(store.pendingNotifications(T0.plusSeconds(5), 10)).singleElement()
          .satisfies(p -> assertThat(p.attempts()).isEqualTo(1));
      // and writing continues from the stored state
      assertThat(store.compareAndSet(1, Fixtures.approved(rich, "zed"), List.of()))
          .isEqualTo(CasResult.APPLIED);
      store.addBreakGlass(Fixtures.breakGlass(T0.plusSeconds(1)));
      assertThat(store.breakGlassSessions(SHOP, PRODUCTION)).hasSize(2);
    }
  }

  @Test
  void anotherInstanceSeesChangesByReadingOnlyWhatChanged() {
    Path repo = GitCli.initWithCommit(tmp.resolve("gitops"));
    try (GitStateStore writer = GitStateStore.open(repo)) {
      for (int i = 0; i < 50; i++) {
        writer.insert(Fixtures.promotion("p-" + i), List.of());
      }
      try (GitStateStore reader = GitStateStore.open(repo)) {
        assertThat(reader.filesRead()).isEqualTo(51); // 50 promotions and FORMAT
        assertThat(reader.query(PromotionQuery.of(SHOP)).total()).isEqualTo(50);

        Promotion p7 = writer.find(PromotionId.of("p-7")).orElseThrow();
        Promotion next = Fixtures.approved(p7, "bob");
        writer.compareAndSet(1, next, List.of(Fixtures.notification("n-7", next, T0)));
        writer.putFreeze(Fixtures.freeze(PRODUCTION));

        assertThat(reader.find(p7.id())).contains(next);
        assertThat(reader.freeze(SHOP, PRODUCTION)).isPresent();
        assertThat(reader.pendingNotifications(T0, 10)).hasSize(1);
        assertThat(reader.filesRead()).isEqualTo(51 + 3);

        // the reader's own stale view loses a compare-and-set instead of overwriting
        assertThat(reader.compareAndSet(1, Fixtures.approved(p7, "carol"), List.of()))
            .isEqualTo(CasResult.VERSION_MISMATCH);
        writer.markDelivered(dev.baton.model.NotificationId.of("n-7"));
        writer.removeFreeze(SHOP, PRODUCTION);
        assertThat(reader.pendingNotifications(T0, 10)).isEmpty();
        assertThat(reader.freeze(SHOP, PRODUCTION)).isEmpty();
        assertThat(reader.filesRead()).isEqualTo(54);
      }
    }
  }

  @Test
  void aClosedStoreRefusesCallsAndANonRepositoryIsRefused() {
    Path repo = GitCli.initWithCommit(tmp.resolve("gitops"));
    GitStateStore store = GitStateStore.open(repo);
    store.close();
    store.close();
    assertThatThrownBy(() -> store.find(PromotionId.of("p-1")))
        .isInstanceOfSatisfying(BatonException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.ILLEGAL_STATE));
    assertThatThrownBy(() -> GitStateStore.open(tmp.resolve("nowhere")))
        .isInstanceOfSatisfying(BatonException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    assertThatThrownBy(() -> GitStateStore.builder(repo).ref("refs/bad..name").build())
        .isInstanceOfSatisfying(BatonException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REF_NAME));
    assertThatThrownBy(() -> GitStateStore.builder(repo).ref("baton-state").build())
        .isInstanceOfSatisfying(BatonException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REF_NAME));
    assertThatThrownBy(() -> GitStateStore.builder(repo).maxAttempts(0).build())
        .isInstanceOfSatisfying(BatonException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
  }

  @Test
  void aStaleLockFileEndsInAWriteConflictAfterBoundedAttempts() throws Exception {
    Path repo = GitCli.initWithCommit(tmp.resolve("gitops"));
    List<Duration> waits = new CopyOnWriteArrayList<>();
    try (GitStateStore store = GitStateStore.builder(repo).maxAttempts(3)
        .sleeper(waits::add).random(new Random(7)).build()) {
      store.insert(Fixtures.promotion("p-1"), List.of());
      Path lock = repo.resolve(".git/refs/baton/state.lock");
      java.nio.file.Files.writeString(lock, "");
      assertThatThrownBy(() -> store.insert(Fixtures.promotion("p-2"), List.of()))
          .isInstanceOfSatisfying(BatonException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.WRITE_CONFLICT);
            assertThat(e.getMessage()).contains("3 attempts").contains(".lock");
          });
      // The ref stayed put, so the store backed off between attempts (not after the last one),
      // through the injected sleeper: 0.1-0.2 ms, then 0.2-0.4 ms.
      assertThat(waits).hasSize(2);
      assertThat(waits.get(0)).isBetween(Duration.ofNanos(100_000), Duration.ofNanos(200_000));
      assertThat(waits.get(1)).isBetween(Duration.ofNanos(200_000), Duration.ofNanos(400_000));
      java.nio.file.Files.delete(lock);
      store.insert(Fixtures.promotion("p-2"), List.of());
      assertThat(store.query(PromotionQuery.of(SHOP)).total()).isEqualTo(2);
    }
  }
}

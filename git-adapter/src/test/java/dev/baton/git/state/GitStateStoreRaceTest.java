package dev.baton.git.state;

import static dev.baton.git.GitCli.gitLine;
import static dev.baton.git.state.Fixtures.PRODUCTION;
import static dev.baton.git.state.Fixtures.SHOP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.git.GitCli;
import dev.baton.model.CasResult;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two store instances on one repository stand for two processes: each has its own JGit
 * repository object, ref cache and lock, so only Git's ref locking keeps them apart.
 */
class GitStateStoreRaceTest {
  private static final int THREADS = 16;
  private static final int ROUNDS = 40;

  @TempDir Path tmp;

  @Test
  void exactlyOneOfSixteenRacingCompareAndSetsWinsEachRound() throws Exception {
    Path repo = GitCli.initWithCommit(tmp.resolve("gitops"));
    PromotionId id = PromotionId.of("p-race");
    try (GitStateStore a = GitStateStore.open(repo); GitStateStore b = GitStateStore.open(repo)) {
      a.insert(Fixtures.promotion(id.value()), List.of());
      GitStateStore[] stores = {a, b};
      CyclicBarrier read = new CyclicBarrier(THREADS);
      CyclicBarrier done = new CyclicBarrier(THREADS);
      AtomicIntegerArray winners = new AtomicIntegerArray(ROUNDS);
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          int thread = t;
          GitStateStore store = stores[t % 2];
          futures.add(pool.submit(() -> {
            for (int round = 0; round < ROUNDS; round++) {
              Promotion seen = store.find(id).orElseThrow();
              read.await(); // everyone read the same version before anyone writes
              Promotion next = Fixtures.approved(seen, "user-" + thread + "-" + round);
              CasResult result = store.compareAndSet(seen.version(), next,
                  List.of(Fixtures.notification("n-" + thread + "-" + round, next,
                      Fixtures.T0)));
              if (result == CasResult.APPLIED) {
                winners.incrementAndGet(round);
              }
              done.await();
            }
            return null;
          }));
        }
        for (Future<?> f : futures) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }

      for (int round = 0; round < ROUNDS; round++) {
        assertThat(winners.get(round)).as("winners of round %d", round).isEqualTo(1);
      }
      Promotion last = b.find(id).orElseThrow();
      assertThat(last.version()).isEqualTo(ROUNDS + 1);
      assertThat(last.decisions()).hasSize(ROUNDS);
      for (int round = 0; round < ROUNDS; round++) {
        String suffix = "-" + round;
        assertThat(last.decisions()).as("round %d", round)
            .filteredOn(d -> d.by().value().endsWith(suffix)).hasSize(1);
      }
      // exactly one notification per won round: losers wrote nothing
      assertThat(a.pendingNotifications(Fixtures.T0, 1000)).hasSize(ROUNDS);
      assertThat(gitLine(repo, "rev-list", "--count", "refs/baton/state"))
          .isEqualTo(String.valueOf(ROUNDS + 1));
      assertThat(gitLine(repo, "fsck", "--full", "--strict")).doesNotContain("error");
    }
  }

  @Test
  void racingClaimsAndInsertsAcrossTwoInstancesHaveOneWinner() throws Exception {
    Path repo = GitCli.initWithCommit(tmp.resolve("gitops"));
    try (GitStateStore a = GitStateStore.open(repo); GitStateStore b = GitStateStore.open(repo)) {
      GitStateStore[] stores = {a, b};
      CyclicBarrier start = new CyclicBarrier(THREADS);
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      List<Future<boolean[]>> futures = new ArrayList<>();
      try {
        for (int t = 0; t < THREADS; t++) {
          int thread = t;
          GitStateStore store = stores[t % 2];
          futures.add(pool.submit(() -> {
            start.await();
            boolean claimed = store.compareAndSetTargetClaim(SHOP, PRODUCTION, Optional.empty(),
                Optional.of(PromotionId.of("p-" + thread)));
            start.await();
            Promotion keyed = Fixtures.promotion("q-" + thread).toBuilder()
                .idempotencyKey(Optional.of("same-key")).build();
            boolean inserted = store.insert(keyed, List.of())
                == dev.baton.model.InsertResult.INSERTED;
            return new boolean[] {claimed, inserted};
          }));
        }
        int claims = 0;
        int inserts = 0;
        for (Future<boolean[]> f : futures) {
          boolean[] r = f.get();
          claims += r[0] ? 1 : 0;
          inserts += r[1] ? 1 : 0;
        }
        assertThat(claims).isEqualTo(1);
        assertThat(inserts).isEqualTo(1);
      } finally {
        pool.shutdownNow();
      }
      assertThat(a.targetClaim(SHOP, PRODUCTION)).isEqualTo(b.targetClaim(SHOP, PRODUCTION))
          .isPresent();
      assertThat(a.findByIdempotencyKey(SHOP, "same-key"))
          .isEqualTo(b.findByIdempotencyKey(SHOP, "same-key")).isPresent();
      assertThat(gitLine(repo, "rev-list", "--count", "refs/baton/state")).isEqualTo("2");
    }
  }
}

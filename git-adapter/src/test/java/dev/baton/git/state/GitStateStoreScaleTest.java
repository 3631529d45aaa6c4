package dev.baton.git.state;

import static dev.baton.git.state.Fixtures.SHOP;
import static dev.baton.git.state.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.git.GitCli;
import dev.baton.model.CasResult;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionQuery;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store with many promotions: opening indexes all of them, and a change by another instance
 * costs only what changed. Timings are logged, never asserted (speed goals live in benchmarks).
 * Run with {@code -Dbaton.state.size=10000} to measure a bigger store.
 */
class GitStateStoreScaleTest {
  private static final Logger LOG = LoggerFactory.getLogger(GitStateStoreScaleTest.class);
  private static final int SIZE = Integer.getInteger("baton.state.size", 2000);

  @TempDir Path tmp;

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  @Test
  void aLargeStoreOpensFullyIndexedAndRefreshesIncrementally() throws Exception {
    Path repo = GitCli.initWithCommit(tmp.resolve("gitops"));
    Fixtures.seedPromotions(repo, SIZE);
    if (Boolean.getBoolean("baton.state.gc")) {
      GitCli.git(repo, "gc", "-q");
    }

    long start = System.nanoTime();
    try (GitStateStore cold = GitStateStore.open(repo)) {
      LOG.info("open #1 (cold JVM) with {} promotions: {} ms", SIZE, millisSince(start));
      assertThat(cold.filesRead()).isEqualTo(SIZE + 1);
    }
    start = System.nanoTime();
    try (GitStateStore a = GitStateStore.open(repo); GitStateStore b = GitStateStore.open(repo)) {
      LOG.info("open #2+#3 (warm) with {} promotions: {} ms", SIZE, millisSince(start));
      assertThat(a.query(PromotionQuery.of(SHOP)).total()).isEqualTo(SIZE);
      assertThat(a.query(PromotionQuery.of(SHOP).withPage(0, 1)).items().get(0).id())
          .isEqualTo(PromotionId.of("p-" + (SIZE - 1)));
      assertThat(a.findByIdempotencyKey(SHOP, "key-7").orElseThrow().id().value())
          .isEqualTo("p-7");

      int writes = 20;
      start = System.nanoTime();
      for (int i = 0; i < writes; i++) {
        Promotion p = a.find(PromotionId.of("p-" + i)).orElseThrow();
        assertThat(a.compareAndSet(1, Fixtures.approved(p, "bob"),
            List.of(Fixtures.notification("n-" + i, p, T0)))).isEqualTo(CasResult.APPLIED);
      }
      LOG.info("{} compare-and-sets on a store of {}: {} ms each", writes, SIZE,
          millisSince(start) / (double) writes);

      long before = b.filesRead();
      start = System.nanoTime();
      assertThat(b.find(PromotionId.of("p-0")).orElseThrow().version()).isEqualTo(2);
      LOG.info("refresh of another instance after {} commits: {} ms, {} files read", writes,
          millisSince(start), b.filesRead() - before);
      assertThat(b.filesRead() - before).isEqualTo(2L * writes);

      before = b.filesRead();
      a.markDelivered(dev.baton.model.NotificationId.of("n-0"));
      start = System.nanoTime();
      assertThat(b.pendingNotifications(T0, 1000)).hasSize(writes - 1);
      LOG.info("refresh after one commit: {} ms, {} files read", millisSince(start),
          b.filesRead() - before);
      assertThat(b.filesRead() - before).isZero(); // a removal reads nothing
    }
  }
}

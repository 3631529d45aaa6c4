package dev.baton;

import static dev.baton.World.PRODUCTION;
import static dev.baton.World.SHOP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.memory.InMemoryDeployer;
import dev.baton.memory.InMemoryNotifier;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionStatus;
import dev.baton.model.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Sixteen threads, spread over two engine instances sharing one store, approve the same promotion
 * at the same moment, round after round: each promotion executes exactly once.
 */
class ApprovalRaceTest {
  private static final int THREADS = 16;
  private static final int ROUNDS = 60;

  @Test
  void everyPromotionExecutesExactlyOnce() throws Exception {
    try (World world = World.create()) {
      InMemoryDeployer deployer = new InMemoryDeployer();
      Baton second = world.engine("engine-2", b -> { }, world.store, world.environments,
          deployer, new InMemoryNotifier());
      Baton[] engines = {world.baton, second};
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      try {
        for (int round = 0; round < ROUNDS; round++) {
          world.newBuild(World.STAGING);
          Promotion p = world.promotions().request(PromotionRequest.of("shop", "staging",
              "production", "requester"));
          CyclicBarrier start = new CyclicBarrier(THREADS);
          List<Future<String>> outcomes = new ArrayList<>();
          for (int t = 0; t < THREADS; t++) {
            Baton engine = engines[t % 2];
            UserId approver = UserId.of("approver-" + t);
            outcomes.add(pool.submit(() -> {
              start.await();
              try {
                return engine.promotions().approve(p.id(), approver, "").status().name();
              } catch (BatonException e) {
                return e.code().name();
              }
            }));
          }
          List<String> results = new ArrayList<>();
          for (Future<String> f : outcomes) {
            results.add(f.get());
          }
          Promotion after = world.stored(p.id());
          assertThat(after.status()).as("round %d: %s", round, results)
              .isEqualTo(PromotionStatus.PENDING_RELEASE);
          assertThat(after.approvers()).as("round %d", round).hasSize(2);
          assertThat(after.claim()).isEmpty();
          assertThat(world.environments.commits(SHOP, PRODUCTION))
              .as("round %d: one commit for the promotion", round)
              .filteredOn(c -> c.promotion().equals(p.id())).hasSize(1);
          assertThat(results).as("round %d", round)
              .allMatch(r -> r.equals("PENDING_APPROVAL") || r.equals("PENDING_RELEASE")
                  || r.equals(ErrorCode.ILLEGAL_STATE.name())
                  || r.equals(ErrorCode.PROMOTION_IN_PROGRESS.name()));
          assertThat(results).filteredOn("PENDING_RELEASE"::equals).hasSize(1);
          assertThat(world.store.targetClaim(SHOP, PRODUCTION)).isEmpty();
        }
        assertThat(world.environments.commits(SHOP, PRODUCTION)).hasSize(ROUNDS);
      } finally {
        pool.shutdownNow();
        second.close();
      }
    }
  }
}

package dev.baton.http;

import static dev.baton.http.ApiWorld.ALICE;
import static dev.baton.http.ApiWorld.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.http.ApiWorld.Answer;
import dev.baton.model.PromotionQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Two callers at once: one pipeline write wins per version, one promotion per key. */
class ApiRaceTest {
  private static final String PIPELINE = "/api/v2/projects/{slug}/promotion/pipeline";
  private static final String REQUEST = "/api/v2/projects/{slug}/promotion/request";

  @Test
  void twoWritersWithTheSameIfMatchOneWinsTheOtherIs412() throws Exception {
    try (ApiWorld world = new ApiWorld()) {
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        for (int round = 0; round < 10; round++) {
          Answer current = world.get(PIPELINE, "/api/v2/projects/shop/promotion/pipeline",
              ALICE);
          String etag = current.header("ETag").orElseThrow();
          CyclicBarrier start = new CyclicBarrier(2);
          List<Future<Answer>> writes = new ArrayList<>();
          for (String token : List.of(ALICE, BOB)) {
            writes.add(pool.submit(() -> {
              start.await();
              return world.send("PUT", PIPELINE, "/api/v2/projects/shop/promotion/pipeline",
                  token, current.json().toString(), Map.of("If-Match", etag));
            }));
          }
          List<Integer> statuses = new ArrayList<>();
          for (Future<Answer> write : writes) {
            statuses.add(write.get().status());
          }
          assertThat(statuses).as("round %d", round).containsExactlyInAnyOrder(200, 412);
          assertThat(world.baton.pipelines().get(ApiWorld.SHOP).version())
              .isEqualTo(current.json().get("version").asLong() + 1);
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void twoRequestsWithTheSameKeyAtOnceMakeOnePromotion() throws Exception {
    try (ApiWorld world = new ApiWorld()) {
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        for (int round = 0; round < 10; round++) {
          CyclicBarrier start = new CyclicBarrier(2);
          String key = "retry-" + round;
          List<Future<Answer>> requests = new ArrayList<>();
          for (int i = 0; i < 2; i++) {
            requests.add(pool.submit(() -> {
              start.await();
              return world.send("POST", REQUEST, "/api/v2/projects/shop/promotion/request",
                  ALICE, "{\"source\":\"staging\",\"target\":\"production\",\"notes\":\"n\"}",
                  Map.of("Idempotency-Key", key));
            }));
          }
          Answer first = requests.get(0).get();
          Answer second = requests.get(1).get();
          assertThat(first.status()).as(first.text()).isEqualTo(201);
          assertThat(second.status()).as(second.text()).isEqualTo(201);
          assertThat(second.json().get("id")).isEqualTo(first.json().get("id"));
        }
        assertThat(world.baton.promotions().history(PromotionQuery.of(ApiWorld.SHOP)).total())
            .isEqualTo(10);
      } finally {
        pool.shutdownNow();
      }
    }
  }
}

package dev.baton.jdbc;

import static dev.baton.testkit.SamplePromotions.PRODUCTION;
import static dev.baton.testkit.SamplePromotions.PROJECT;
import static dev.baton.testkit.SamplePromotions.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.model.CasResult;
import dev.baton.model.InsertResult;
import dev.baton.model.NotificationId;
import dev.baton.model.Pipeline;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.spi.PromotionStore;
import dev.baton.testkit.SamplePromotions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two stores opened on the same schema, each with a pool of its own, as two engine instances
 * would: their compare-and-sets, claims and deliveries race through the database only.
 */
class TwoInstancesTest {
  private static final int RACERS = 8;

  private String schema;
  private PostgresStores one;
  private PostgresStores two;

  @BeforeEach
  void openTwoInstances() {
    schema = TestDatabase.freshSchemaName();
    one = PostgresStores.connect(TestDatabase.url(), TestDatabase.user(), TestDatabase.password())
        .schema(schema).open();
    two = PostgresStores.connect(TestDatabase.url(), TestDatabase.user(), TestDatabase.password())
        .schema(schema).open();
  }

  @AfterEach
  void close() {
    one.close();
    two.close();
  }

  @Test
  void ofTwoInstancesRacingOnOneVersionOneWinsAndOnlyItsNotificationIsStored() throws Exception {
    Promotion p = SamplePromotions.promotion("p-1");
    assertThat(one.promotions().insert(p, List.of())).isEqualTo(InsertResult.INSERTED);

    List<CasResult> results = race(i -> () -> store(i).compareAndSet(1,
        SamplePromotions.next(p, "racer " + i),
        List.of(SamplePromotions.notification("n-" + i, p, T0))));

    assertThat(results).filteredOn(r -> r == CasResult.APPLIED).hasSize(1);
    assertThat(results).filteredOn(r -> r == CasResult.VERSION_MISMATCH).hasSize(2 * RACERS - 1);
    Promotion stored = two.promotions().find(p.id()).orElseThrow();
    assertThat(stored.version()).isEqualTo(2);
    assertThat(one.promotions().pendingNotifications(T0, 100))
        .singleElement()
        .satisfies(n -> assertThat(stored.notes())
            .isEqualTo("racer " + n.notification().id().value().substring(2)));
  }

  @Test
  void ofTwoInstancesTakingOneClaimOrOneDeliveryOneSucceeds() throws Exception {
    Promotion p = SamplePromotions.promotion("p-1");
    one.promotions().insert(p, List.of(SamplePromotions.notification("n-1", p, T0)));

    List<Boolean> claims = race(i -> () -> store(i).compareAndSetTargetClaim(PROJECT, PRODUCTION,
        Optional.empty(), Optional.of(PromotionId.of("p-" + i))));
    List<Boolean> deliveries = race(i -> () -> store(i).takeDelivery(NotificationId.of("n-1"),
        T0, T0.plus(Duration.ofMinutes(1))));

    assertThat(claims).filteredOn(taken -> taken).hasSize(1);
    assertThat(deliveries).filteredOn(taken -> taken).hasSize(1);
    assertThat(two.promotions().pendingNotifications(T0, 100)).isEmpty();
  }

  @Test
  void aPipelineReplacedByOneInstanceIsReadByTheOtherOnItsNextRead() {
    Pipeline v1 = Pipeline.builder(PROJECT).stage("staging").stage("production")
        .transition("staging", "production", 1).build().withVersion(1);
    assertThat(one.pipelines().compareAndSet(0, v1)).isEqualTo(CasResult.APPLIED);
    assertThat(two.pipelines().find(PROJECT)).contains(v1);
    assertThat(two.pipelines().find(PROJECT)).contains(v1);

    Pipeline v2 = Pipeline.builder(PROJECT).stage("staging").stage("production")
        .transition("staging", "production", 2).build().withVersion(2);
    assertThat(one.pipelines().compareAndSet(1, v2)).isEqualTo(CasResult.APPLIED);

    assertThat(two.pipelines().find(PROJECT)).contains(v2);
  }

  @Test
  void aPipelineDocumentChangedInTheDatabaseAtTheSameVersionIsReadAsChanged() {
    Pipeline v1 = Pipeline.builder(PROJECT).stage("staging").stage("production")
        .transition("staging", "production", 1).build().withVersion(1);
    one.pipelines().compareAndSet(0, v1);
    assertThat(one.pipelines().find(PROJECT)).contains(v1);
    Pipeline edited = Pipeline.builder(PROJECT).stage("staging").stage("production")
        .transition("staging", "production", 3).build().withVersion(1);
    two.pipelines().compareAndSet(1, edited.withVersion(2));
    TestDatabase.execute("UPDATE \"" + schema + "\".baton_pipeline SET version = 1,"
        + " document = jsonb_set(document, '{version}', '1')");

    assertThat(one.pipelines().find(PROJECT)).contains(edited);
  }

  private PromotionStore store(int racer) {
    return (racer % 2 == 0 ? one : two).promotions();
  }

  /** Runs 2 × RACERS calls at once, half on each instance, and answers their results. */
  private static <T> List<T> race(IntFunction<Callable<T>> call)
      throws Exception {
    int n = 2 * RACERS;
    CyclicBarrier start = new CyclicBarrier(n);
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Callable<T> c = call.apply(i);
        futures.add(pool.submit(() -> {
          start.await();
          return c.call();
        }));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}

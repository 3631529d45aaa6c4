package dev.baton.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.model.PromotionId;
import dev.baton.spi.PromotionStore;
import dev.baton.testkit.SamplePromotions;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link PostgresPromotionStore#findIdsByPrefix} is a range scan of the primary key, also as the
 * generic plan a prepared statement ends up with (LIKE with a parameter could not bound the scan).
 */
class PostgresIdPrefixTest {

  @Test
  void findIdsByPrefixScansTheIdIndexEvenInAGenericPlan() throws SQLException {
    String schema = TestDatabase.freshSchemaName();
    try (PostgresStores stores = PostgresStores.on(TestDatabase.dataSource()).schema(schema)
        .open()) {
      PromotionStore store = stores.promotions();
      TestDatabase.execute("INSERT INTO \"" + schema + "\".baton_promotion (id, project, target,"
          + " status, requester, requested_sec, requested_nano, executing, version, document)"
          + " SELECT 'p-' || md5(i::text), 'shop', 'production', 'COMPLETED', 'alice', i, 0,"
          + " false, 1, '{}'::jsonb FROM generate_series(1, 20000) AS i");
      TestDatabase.execute("ANALYZE \"" + schema + "\".baton_promotion");
      store.insert(SamplePromotions.promotion("p-zz1"), List.of());

      assertThat(store.findIdsByPrefix("p-zz", 2)).containsExactly(PromotionId.of("p-zz1"));
      assertThat(store.findIdsByPrefix("p-", 2)).hasSize(2);
      String plan = String.join("\n", plan(schema));
      assertThat(plan).as("the plan:%n%s", plan).contains("baton_promotion_pkey")
          .doesNotContain("Seq Scan").doesNotContain("Sort");
    }
  }

  private static List<String> plan(String schema) throws SQLException {
    return TestDatabase.genericPlan("(text, text, int)", "SELECT id FROM \"" + schema
        + "\".baton_promotion WHERE id >= $1 AND id < $2 ORDER BY id LIMIT $3",
        "'p-3f', 'p-3g', 2");
  }
}

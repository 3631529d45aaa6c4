package dev.baton.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.model.PromotionId;
import dev.baton.spi.PromotionStore;
import dev.baton.testkit.SamplePromotions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
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
    List<String> lines = new ArrayList<>();
    try (Connection c = TestDatabase.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("SET plan_cache_mode = force_generic_plan");
      s.execute("PREPARE by_prefix(text, text, int) AS SELECT id FROM \"" + schema
          + "\".baton_promotion WHERE id >= $1 AND id < $2 ORDER BY id LIMIT $3");
      try {
        try (ResultSet r = s.executeQuery("EXPLAIN EXECUTE by_prefix('p-3f', 'p-3g', 2)")) {
          while (r.next()) {
            lines.add(r.getString(1));
          }
        }
      } finally {
        s.execute("DEALLOCATE by_prefix");
        s.execute("RESET plan_cache_mode");
      }
    }
    return lines;
  }
}

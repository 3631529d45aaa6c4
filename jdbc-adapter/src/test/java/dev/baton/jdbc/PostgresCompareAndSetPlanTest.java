package dev.baton.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every shape of {@link PostgresPromotionStore#compareAndSet}'s statement finds its row by the
 * primary key, also as the generic plan a prepared statement keeps, planned on an empty table (a
 * fresh schema before its first ANALYZE, where every index looks as cheap as the next) and on a
 * large analyzed one. With {@code project = ?} in its condition the empty table's plan took
 * {@code baton_promotion_target_status} with {@code (project, id)} as the index condition, which
 * reads every entry of the project to find one promotion, and a connection kept that plan while
 * the table grew.
 */
class PostgresCompareAndSetPlanTest {

  @Test
  void everyShapeFindsTheRowByThePrimaryKeyOnAnEmptyTable() throws SQLException {
    String schema = TestDatabase.freshSchemaName();
    try (PostgresStores stores = PostgresStores.on(TestDatabase.dataSource()).schema(schema)
        .open()) {
      assertEveryShapeUsesThePrimaryKey((PostgresPromotionStore) stores.promotions());
    }
  }

  @Test
  void everyShapeFindsTheRowByThePrimaryKeyOnALargeAnalyzedTable() throws SQLException {
    String schema = TestDatabase.freshSchemaName();
    try (PostgresStores stores = PostgresStores.on(TestDatabase.dataSource()).schema(schema)
        .open()) {
      // 20,000 promotions of one project into 8 targets
      TestDatabase.execute("INSERT INTO \"" + schema + "\".baton_promotion (id, project, target,"
          + " status, requester, requested_sec, requested_nano, executing, version, document)"
          + " SELECT 'p-' || i, 'shop', 't' || i % 8, (ARRAY['COMPLETED', 'PENDING_RELEASE',"
          + " 'REJECTED'])[1 + i % 3], 'alice', i, 0, false, 1, '{}'::jsonb"
          + " FROM generate_series(1, 20000) AS i");
      TestDatabase.execute("ANALYZE \"" + schema + "\".baton_promotion");
      assertEveryShapeUsesThePrimaryKey((PostgresPromotionStore) stores.promotions());
    }
  }

  private static void assertEveryShapeUsesThePrimaryKey(PostgresPromotionStore store)
      throws SQLException {
    PostgresOutbox.Statements shapes = store.compareAndSets;
    for (String sql : List.of(shapes.alone(), shapes.withNotifications(), shapes.withDeletes(),
        shapes.withBoth())) {
      String plan = String.join("\n", genericPlan(sql));
      assertThat(plan).as("the plan of %s:%n%s", sql, plan)
          .containsPattern("Index Scan using baton_promotion_pkey on baton_promotion\\b")
          .contains("Index Cond: (id = $10)")
          .doesNotContainPattern("using baton_promotion_(?!pkey)\\w+ on baton_promotion\\b")
          .doesNotContain("Seq Scan on baton_promotion ");
    }
  }

  /** The generic plan of a statement the store prepares, its parameters all null. */
  private static List<String> genericPlan(String sql) throws SQLException {
    Matcher placeholder = Pattern.compile("\\?").matcher(sql);
    StringBuilder numbered = new StringBuilder();
    int n = 0;
    while (placeholder.find()) {
      placeholder.appendReplacement(numbered, "\\$" + ++n);
    }
    placeholder.appendTail(numbered);
    return TestDatabase.genericPlan("", numbered.toString(),
        String.join(", ", Collections.nCopies(n, "NULL")));
  }
}

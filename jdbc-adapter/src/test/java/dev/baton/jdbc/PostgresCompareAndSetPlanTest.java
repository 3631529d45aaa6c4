package dev.baton.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
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
      TestDatabase.insertAnalyzedPromotions(schema, "false");
      assertEveryShapeUsesThePrimaryKey((PostgresPromotionStore) stores.promotions());
    }
  }

  private static void assertEveryShapeUsesThePrimaryKey(PostgresPromotionStore store)
      throws SQLException {
    PostgresOutbox.Statements shapes = store.compareAndSets;
    for (String sql : List.of(shapes.alone(), shapes.withNotifications(), shapes.withDeletes(),
        shapes.withBoth())) {
      String plan = String.join("\n", TestDatabase.genericPlanOfJdbc(sql));
      assertThat(plan).as("the plan of %s:%n%s", sql, plan)
          .containsPattern("Index Scan using baton_promotion_pkey on baton_promotion\\b")
          .contains("Index Cond: (id = $10)")
          .doesNotContainPattern("using baton_promotion_(?!pkey)\\w+ on baton_promotion\\b")
          .doesNotContain("Seq Scan on baton_promotion ");
    }
  }
}

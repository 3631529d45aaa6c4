package dev.baton.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.model.EnvironmentName;
import dev.baton.model.ProjectId;
import dev.baton.model.PromotionQuery;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The query of a target's promotions holding an execution claim, which every execution start
 * and manual deploy sends right after storing its claim, reads only the executing rows' index
 * entries, also as the generic plan a prepared statement keeps, planned on an empty table (a
 * fresh schema before its first ANALYZE) and on a large analyzed one. Through the target's
 * newest-first index (or the table), as it was planned before, its count and its page read an
 * entry of every promotion ever made into the target, a cost growing with the history.
 */
class PostgresExecutingQueryPlanTest {
  private static final PromotionQuery EXECUTING_IN_TARGET = new PromotionQuery(
      Optional.of(ProjectId.of("shop")), Optional.of(EnvironmentName.of("t1")), Set.of(),
      Optional.empty(), Optional.empty(), Optional.empty(), true, 0, 2);

  @Test
  void theTargetsExecutingPromotionsAreReadFromTheClaimsIndexOnAnEmptyTable()
      throws SQLException {
    String schema = TestDatabase.freshSchemaName();
    try (PostgresStores stores = PostgresStores.on(TestDatabase.dataSource()).schema(schema)
        .open()) {
      assertReadFromTheClaimsIndex((PostgresPromotionStore) stores.promotions());
    }
  }

  @Test
  void theTargetsExecutingPromotionsAreReadFromTheClaimsIndexOnALargeAnalyzedTable()
      throws SQLException {
    String schema = TestDatabase.freshSchemaName();
    try (PostgresStores stores = PostgresStores.on(TestDatabase.dataSource()).schema(schema)
        .open()) {
      // 20,000 promotions of one project into 8 targets, one in 1,000 holding a claim
      TestDatabase.insertAnalyzedPromotions(schema, "i % 1000 = 0");
      assertReadFromTheClaimsIndex((PostgresPromotionStore) stores.promotions());
    }
  }

  private static void assertReadFromTheClaimsIndex(PostgresPromotionStore store)
      throws SQLException {
    List<Object> args = new ArrayList<>();
    String sql = store.history.statement(EXECUTING_IN_TARGET, args);
    String plan = String.join("\n", TestDatabase.genericPlanOfJdbc(sql));
    // every index the plan reads, by an index scan or a bitmap (which prints no "using")
    Set<String> indexes = new TreeSet<>();
    Matcher named = Pattern.compile("(?:using|Bitmap Index Scan on) (\\w+)").matcher(plan);
    while (named.find()) {
      indexes.add(named.group(1));
    }
    assertThat(indexes).as("the indexes the plan of %s reads:%n%s", sql, plan)
        .containsExactly("baton_promotion_target_executing");
    assertThat(plan).doesNotContain("Seq Scan on baton_promotion ");
  }
}

package dev.baton.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.model.PromotionQuery;
import dev.baton.model.PromotionStatus;
import dev.baton.spi.PromotionStore;
import dev.baton.testkit.SamplePromotions;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The pages recovery reads across all projects (one status, no project: PENDING_APPROVAL for
 * recovery, PENDING_RELEASE for the merge wait; and the executing promotions) are answered from
 * an index, also as the generic plan a prepared statement ends up with, not by scanning every
 * stored promotion. The statements planned here have the shape {@link PostgresPromotionStore#query}
 * gives them: the statuses written into the statement, not bound as parameters.
 */
class PostgresRecoveryQueriesTest {

  @Test
  void aPageOfOneStatusAcrossProjectsScansTheStatusIndexEvenInAGenericPlan()
      throws SQLException {
    String schema = seeded();
    try (PostgresStores stores = PostgresStores.on(TestDatabase.dataSource()).schema(schema)
        .open()) {
      PromotionStore store = stores.promotions();
      store.insert(SamplePromotions.promotion("p-pending-1"), List.of());
      store.insert(SamplePromotions.promotion("p-pending-2", SamplePromotions.OTHER_PROJECT,
          SamplePromotions.T0), List.of());
      PromotionQuery pending = new PromotionQuery(Optional.empty(), Optional.empty(),
          EnumSet.of(PromotionStatus.PENDING_APPROVAL), Optional.empty(), Optional.empty(),
          Optional.empty(), false, 0, 1000);

      assertThat(store.query(pending).items()).extracting(p -> p.id().value())
          .containsExactlyInAnyOrder("p-pending-1", "p-pending-2");
    }
    String plan = String.join("\n", plan(schema, " WHERE true AND status IN ('PENDING_APPROVAL')",
        true));
    // The page's rows come in index order, at most 1000; only the outer join's ORDER BY sorts.
    assertThat(plan).as("the plan:%n%s", plan)
        .contains("Index Scan using baton_promotion_status_newest")
        .contains("Index Cond: (status = 'PENDING_APPROVAL'::text)")
        .doesNotContain("Filter: (status").doesNotContain("Seq Scan on baton_promotion ");
  }

  @Test
  void thePageOfExecutingPromotionsScansTheClaimIndexEvenInAGenericPlan() throws SQLException {
    String schema = seeded();
    try (PostgresStores stores = PostgresStores.on(TestDatabase.dataSource()).schema(schema)
        .open()) {
      PromotionStore store = stores.promotions();
      store.insert(SamplePromotions.promotion("p-pending-1"), List.of());
      assertThat(store.query(PromotionQuery.executing()).items()).isEmpty();
    }
    String plan = String.join("\n", plan(schema, " WHERE true AND executing", false));
    // either partial index of the claims (version 1's by id, version 7's by target): each holds
    // exactly the executing rows
    assertThat(plan).as("the plan:%n%s", plan)
        .containsPattern("baton_promotion_(target_)?executing on baton_promotion\\b")
        .doesNotContain("Seq Scan");
  }

  /**
   * A schema holding 20,000 ended or released promotions of one project, analyzed. More than
   * one status: a generic plan expects a status parameter to match 1/(distinct statuses) of the
   * rows, so with a single stored status it would expect every row to match.
   */
  private static String seeded() throws SQLException {
    String schema = TestDatabase.freshSchemaName();
    PostgresStores.on(TestDatabase.dataSource()).schema(schema).open().close();
    TestDatabase.execute("INSERT INTO \"" + schema + "\".baton_promotion (id, project, target,"
        + " status, requester, requested_sec, requested_nano, executing, version, document)"
        + " SELECT 'p-' || md5(i::text), 'shop', 'production',"
        + " (ARRAY['COMPLETED', 'COMPLETED', 'REJECTED', 'PENDING_RELEASE'])[i % 4 + 1],"
        + " 'alice', i, 0,"
        + " false, 1, '{}'::jsonb FROM generate_series(1, 20000) AS i");
    TestDatabase.execute("ANALYZE \"" + schema + "\".baton_promotion");
    return schema;
  }

  /**
   * The generic plan of the store's query statement with the given filters: on the count table
   * ({@code counted}) or the promotions for the total, on the promotions for the page.
   */
  private static List<String> plan(String schema, String where, boolean counted)
      throws SQLException {
    String promotions = "\"" + schema + "\".baton_promotion";
    String total = counted
        ? "SELECT coalesce(sum(n), 0) AS n FROM \"" + schema + "\".baton_promotion_count"
            + where
        : "SELECT count(*) AS n FROM " + promotions + where;
    String sql = "WITH total AS (" + total + ") SELECT total.n, page.document::text, page.id"
        + " FROM total"
        + " LEFT JOIN LATERAL (SELECT document, requested_sec, requested_nano, id FROM "
        + promotions + where + " ORDER BY requested_sec DESC, requested_nano DESC, id DESC"
        + " LIMIT 1000 OFFSET 0) page ON true"
        + " ORDER BY page.requested_sec DESC, page.requested_nano DESC, page.id DESC";
    return TestDatabase.genericPlan("", sql, "");
  }
}

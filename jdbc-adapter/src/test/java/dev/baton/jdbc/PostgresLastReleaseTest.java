package dev.baton.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.model.DeployState;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionStatus;
import dev.baton.model.Release;
import dev.baton.model.ReleaseId;
import dev.baton.model.Revision;
import dev.baton.spi.PromotionStore;
import dev.baton.testkit.SamplePromotions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link PostgresPromotionStore#lastRelease} reads the window from the target's newest-first
 * index, also as the generic plan a prepared statement ends up with: at most the window's rows,
 * never a sort of every released promotion of the target.
 */
class PostgresLastReleaseTest {

  @Test
  void lastReleaseScansTheTargetIndexEvenInAGenericPlan() throws SQLException {
    String schema = TestDatabase.freshSchemaName();
    try (PostgresStores stores = PostgresStores.on(TestDatabase.dataSource()).schema(schema)
        .open()) {
      PromotionStore store = stores.promotions();
      // 40,000 promotions of 2 projects into 10 targets, 2,000 into each; a third of each
      // status the window reads or skips
      TestDatabase.execute("INSERT INTO \"" + schema + "\".baton_promotion (id, project, target,"
          + " status, requester, requested_sec, requested_nano, executing, version, document)"
          + " SELECT 'p-' || i, (ARRAY['shop', 'billing'])[1 + i % 2],"
          + " (ARRAY['production', 'staging', 't2', 't3', 't4', 't5', 't6', 't7', 't8',"
          + " 't9'])[1 + (i / 2) % 10], (ARRAY['COMPLETED', 'PENDING_RELEASE',"
          + " 'REJECTED'])[1 + (i / 20) % 3], 'alice', i, 0, false, 1, '{}'::jsonb"
          + " FROM generate_series(1, 40000) AS i");
      TestDatabase.execute("ANALYZE \"" + schema + "\".baton_promotion");
      Release release = new Release(ReleaseId.of("r-1"), Revision.of("rev-1"),
          SamplePromotions.T0.plus(Duration.ofDays(1)), DeployState.WAITING, "",
          Optional.empty(), Optional.empty());
      Promotion newest = SamplePromotions.builder("p-newest")
          .requestedAt(SamplePromotions.T0.plus(Duration.ofDays(1)))
          .status(PromotionStatus.PENDING_RELEASE).release(Optional.of(release)).build();
      store.insert(newest, List.of());

      assertThat(store.lastRelease(SamplePromotions.PROJECT, SamplePromotions.PRODUCTION))
          .contains(release);
      String plan = String.join("\n", plan(schema));
      // the window: a limit straight over a scan of the target's newest-first index, which
      // stops after the window's rows (no sort of the target's promotions)
      assertThat(plan).as("the plan:%n%s", plan).containsPattern(
              "Limit[^\\n]*rows=20 [^\\n]*\\n\\s*->\\s+Index Scan using baton_promotion_target on")
          .doesNotContain("Seq Scan").doesNotContain("Bitmap").doesNotContain("Sort");
    }
  }

  private static List<String> plan(String schema) throws SQLException {
    List<String> lines = new ArrayList<>();
    try (Connection c = TestDatabase.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("SET plan_cache_mode = force_generic_plan");
      s.execute("PREPARE last_release(text, text) AS SELECT id, release::text FROM (SELECT id,"
          + " document -> 'release' AS release, requested_sec, requested_nano FROM \"" + schema
          + "\".baton_promotion WHERE project = $1 AND target = $2"
          + " AND status IN ('COMPLETED', 'PENDING_RELEASE')"
          + " ORDER BY requested_sec DESC, requested_nano DESC, id DESC LIMIT 20) w"
          + " ORDER BY requested_sec DESC, requested_nano DESC, id DESC");
      try {
        try (ResultSet r = s.executeQuery(
            "EXPLAIN EXECUTE last_release('shop', 'production')")) {
          while (r.next()) {
            lines.add(r.getString(1));
          }
        }
      } finally {
        s.execute("DEALLOCATE last_release");
        s.execute("RESET plan_cache_mode");
      }
    }
    return lines;
  }
}

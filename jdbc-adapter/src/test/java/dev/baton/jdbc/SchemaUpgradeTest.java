package dev.baton.jdbc;

import static dev.baton.testkit.SamplePromotions.OTHER_PROJECT;
import static dev.baton.testkit.SamplePromotions.PRODUCTION;
import static dev.baton.testkit.SamplePromotions.PROJECT;
import static dev.baton.testkit.SamplePromotions.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.model.CasResult;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionQuery;
import dev.baton.model.PromotionStatus;
import dev.baton.testkit.SamplePromotions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * A schema that holds promotions at version 1, opened by a store of this version: the migration
 * to version 2 counts what is there, and the counts stay exact as promotions change.
 */
class SchemaUpgradeTest {

  @Test
  void promotionsStoredAtVersionOneAreCountedAfterTheUpgradeAndStayCounted()
      throws SQLException {
    String schema = TestDatabase.freshSchemaName();
    Flyway.configure(PostgresStores.class.getClassLoader())
        .dataSource(TestDatabase.dataSource()).schemas(schema)
        .table(PostgresStores.SCHEMA_HISTORY_TABLE).locations(PostgresStores.MIGRATIONS)
        .target("1").load().migrate();
    assertThat(history(schema)).containsExactly("1 true");
    Promotion first = SamplePromotions.promotion("p-1");
    storeAtVersionOne(schema, first);
    storeAtVersionOne(schema, SamplePromotions.promotion("p-2"));
    storeAtVersionOne(schema, SamplePromotions.promotion("p-3", OTHER_PROJECT, T0));
    storeAtVersionOne(schema, SamplePromotions.next(first, PromotionStatus.REJECTED));

    PostgresStores upgraded = PostgresStores.on(TestDatabase.dataSource()).schema(schema).open();

    assertThat(history(schema)).containsExactly("1 true", "2 true", "3 true", "4 true", "5 true",
        "6 true", "7 true");
    var store = upgraded.promotions();
    assertThat(store.query(PromotionQuery.of(PROJECT)).total()).isEqualTo(2);
    assertThat(store.query(PromotionQuery.of(PROJECT).withTarget(PRODUCTION)
        .withStatuses(Set.of(PromotionStatus.REJECTED))).items())
        .extracting(p -> p.id().value()).containsExactly("p-1");
    Promotion second = store.find(SamplePromotions.promotion("p-2").id()).orElseThrow();
    assertThat(store.compareAndSet(second.version(),
        SamplePromotions.next(second, PromotionStatus.REJECTED), List.of()))
        .isEqualTo(CasResult.APPLIED);
    assertThat(store.query(PromotionQuery.of(PROJECT)
        .withStatuses(Set.of(PromotionStatus.REJECTED))).total()).isEqualTo(2);
    assertThat(store.query(PromotionQuery.of(PROJECT)
        .withStatuses(Set.of(PromotionStatus.PENDING_APPROVAL))).total()).isZero();
    assertThat(store.query(PromotionQuery.of(OTHER_PROJECT)).total()).isEqualTo(1);
  }

  /**
   * Writes {@code p}'s row as a store of schema version 1 did (its columns and document), a new
   * row or over the one of its id: today's store writes columns version 1 does not have.
   */
  private static void storeAtVersionOne(String schema, Promotion p) throws SQLException {
    try (Connection c = TestDatabase.dataSource().getConnection();
        PreparedStatement s = c.prepareStatement("INSERT INTO \"" + schema + "\".baton_promotion"
            + " (id, project, idempotency_key, target, status, requester, requested_sec,"
            + " requested_nano, executing, version, document)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb) ON CONFLICT (id) DO UPDATE"
            + " SET status = excluded.status, executing = excluded.executing,"
            + " version = excluded.version, document = excluded.document")) {
      s.setString(1, p.id().value());
      s.setString(2, p.project().value());
      s.setString(3, p.idempotencyKey().orElse(null));
      s.setString(4, p.target().value());
      s.setString(5, p.status().name());
      s.setString(6, p.requester().value());
      s.setLong(7, p.requestedAt().getEpochSecond());
      s.setInt(8, p.requestedAt().getNano());
      s.setBoolean(9, p.claim().isPresent());
      s.setLong(10, p.version());
      s.setString(11, Json.write(p));
      s.executeUpdate();
    }
  }

  private static List<String> history(String schema) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = TestDatabase.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT version, success FROM \"" + schema + "\"."
            + PostgresStores.SCHEMA_HISTORY_TABLE + " WHERE version IS NOT NULL"
            + " AND type <> 'BASELINE' ORDER BY installed_rank")) {
      while (r.next()) {
        rows.add(r.getString(1) + " " + r.getBoolean(2));
      }
    }
    return rows;
  }
}

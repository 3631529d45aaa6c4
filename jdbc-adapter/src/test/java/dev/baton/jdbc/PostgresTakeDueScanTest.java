package dev.baton.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The batch take ({@link PostgresPromotionStore#takeDueNotifications}) reads the outbox through
 * its oldest-first index and never scans the whole table, also with the generic plans a
 * prepared statement keeps: the outbox holds few live rows beside the dead ones every delivered
 * notification leaves until the next vacuum, and the take ran a hash join over a sequential scan
 * of all of them. The statements run here are the store's own texts, in a transaction whose own
 * table counts ({@code pg_stat_xact_user_tables}) say how the outbox was read.
 */
class PostgresTakeDueScanTest {

  @Test
  void theTakeReadsNoOutboxRowBeyondTheIndexOnAFreshTable() throws SQLException {
    assertTheTakeScansNoTable(false);
  }

  @Test
  void theTakeWithDeletesRidingOnItReadsNoOutboxRowBeyondTheIndex() throws SQLException {
    assertTheTakeScansNoTable(true);
  }

  /**
   * The usual state of an outbox: few live rows, analyzed while small. A plan made then is a
   * scan and a sort, and a connection keeps the function's plan; with sequential scans off in
   * the function, the take still walks the index after thousands of rows died.
   */
  @Test
  void aTakePlannedOnASmallAnalyzedOutboxReadsNoDeadRowLater() throws SQLException {
    String schema = TestDatabase.freshSchemaName();
    try (PostgresStores stores = PostgresStores.on(TestDatabase.dataSource()).schema(schema)
        .open()) {
      PostgresOutbox outbox = ((PostgresPromotionStore) stores.promotions()).outbox;
      String table = "\"" + schema + "\".baton_notification";
      insertFiveDueFiveLater(table);
      TestDatabase.execute("ANALYZE " + table);
      try (Connection c = TestDatabase.dataSource().getConnection()) {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
          s.execute("SET plan_cache_mode = force_generic_plan");
        }
        c.commit(); // the setting stays for the session, past the takes' rollbacks
        take(c, outbox);
        c.rollback();
        insertThreeThousandToDelete(table);
        TestDatabase.execute("DELETE FROM " + table + " WHERE id LIKE 'dead-%'");
        long[] before = counts(c, schema);
        assertThat(take(c, outbox)).as("rows taken").isEqualTo(5);
        long[] after = counts(c, schema);
        c.rollback();
        try (Statement s = c.createStatement()) {
          s.execute("RESET plan_cache_mode");
        }
        c.commit();
        assertThat(after[0] - before[0]).as("sequential scans of the outbox").isZero();
      }
    }
  }

  /** A row another transaction holds locked is passed over (SKIP LOCKED), not waited for. */
  @Test
  void aRowLockedByAnotherTransactionIsPassedOverNotWaitedFor() throws Exception {
    String schema = TestDatabase.freshSchemaName();
    ExecutorService taker = Executors.newSingleThreadExecutor();
    try (PostgresStores stores = PostgresStores.on(TestDatabase.dataSource()).schema(schema)
        .open(); Connection other = TestDatabase.dataSource().getConnection()) {
      String table = "\"" + schema + "\".baton_notification";
      TestDatabase.execute("INSERT INTO " + table + " (id, created_sec, created_nano, due_sec,"
          + " due_nano, attempts, document) SELECT 'k-' || i, 100 + i, 0, 100, 0, 0,"
          + " '{}'::jsonb FROM generate_series(1, 3) AS i");
      other.setAutoCommit(false);
      try (Statement s = other.createStatement()) {
        s.execute("SELECT 1 FROM " + table + " WHERE id = 'k-1' FOR UPDATE");
      }
      PostgresOutbox outbox = ((PostgresPromotionStore) stores.promotions()).outbox;
      try (Connection c = TestDatabase.dataSource().getConnection()) {
        c.setAutoCommit(false);
        Future<Integer> taken = taker.submit(() -> take(c, outbox));
        assertThat(taken.get(10, TimeUnit.SECONDS)).as("rows taken beside the locked one")
            .isEqualTo(2);
        c.rollback();
      } finally {
        other.rollback();
      }
    } finally {
      taker.shutdownNow();
    }
  }

  // ten live notifications, created after any dead one: five due at 5000, five at 90000
  private static void insertFiveDueFiveLater(String table) {
    TestDatabase.execute("INSERT INTO " + table + " (id, created_sec, created_nano, due_sec,"
        + " due_nano, attempts, document) SELECT 'n-' || i, 5000 + i, 0,"
        + " CASE WHEN i <= 5 THEN 5000 ELSE 90000 END, 0, 0, '{}'::jsonb"
        + " FROM generate_series(1, 10) AS i");
  }

  // 3,000 rows named dead-N, for the caller to delete (dead until a vacuum)
  private static void insertThreeThousandToDelete(String table) {
    TestDatabase.execute("INSERT INTO " + table + " (id, created_sec, created_nano, due_sec,"
        + " due_nano, attempts, document) SELECT 'dead-' || i, i, 0, i, 0, 0, '{}'::jsonb"
        + " FROM generate_series(1, 3000) AS i");
  }

  // one batch take on this connection, as the store sends it: the number of rows taken
  private static int take(Connection c, PostgresOutbox outbox) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(outbox.takeDueSql)) {
      s.setLong(1, 6000);
      s.setInt(2, 0);
      s.setInt(3, 100);
      s.setLong(4, 7000);
      s.setInt(5, 0);
      int rows = 0;
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          rows++;
        }
      }
      return rows;
    }
  }

  private static void assertTheTakeScansNoTable(boolean withDeletes) throws SQLException {
    String schema = TestDatabase.freshSchemaName();
    try (PostgresStores stores = PostgresStores.on(TestDatabase.dataSource()).schema(schema)
        .open()) {
      PostgresOutbox outbox = ((PostgresPromotionStore) stores.promotions()).outbox;
      String table = "\"" + schema + "\".baton_notification";
      // 3,000 delivered and deleted (dead until a vacuum), then 5 due and 5 held until later
      insertThreeThousandToDelete(table);
      TestDatabase.execute("DELETE FROM " + table);
      insertFiveDueFiveLater(table);

      try (Connection c = TestDatabase.dataSource().getConnection()) {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
          s.execute("SET LOCAL plan_cache_mode = force_generic_plan");
        }
        long[] before = counts(c, schema);
        List<Long> taken = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
            withDeletes ? outbox.takeDueWithDeletesSql : outbox.takeDueSql)) {
          int at = 1;
          if (withDeletes) {
            s.setArray(at++, c.createArrayOf("text", new String[] {"n-1"}));
          }
          s.setLong(at++, 6000);
          s.setInt(at++, 0);
          if (withDeletes) {
            s.setArray(at++, c.createArrayOf("text", new String[] {"n-1"}));
          }
          s.setInt(at++, 100);
          s.setLong(at++, 7000);
          s.setInt(at, 0);
          try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
              taken.add(r.getLong(6));
            }
          }
        }
        long[] after = counts(c, schema);
        assertThat(after[0] - before[0]).as("sequential scans of the outbox").isZero();
        assertThat(after[1] - before[1]).as("index scans of the outbox").isPositive();
        assertThat(after[2] - before[2]).as("rows taken").isEqualTo(withDeletes ? 4 : 5);
        assertThat(after[3] - before[3]).as("rows deleted").isEqualTo(withDeletes ? 1 : 0);
        c.rollback();
        assertThat(taken).as("created seconds of the rows taken")
            .containsExactlyInAnyOrderElementsOf(withDeletes
                ? List.of(5002L, 5003L, 5004L, 5005L) : List.of(5001L, 5002L, 5003L, 5004L,
                5005L));
      }
    }
  }

  /**
   * The outbox's sequential scans, index scans, updated and deleted rows counted by this
   * connection's backend and not yet sent to the statistics: the transaction's own, and those of
   * statements before it that the backend has not reported yet (so a test compares two counts).
   */
  private static long[] counts(Connection c, String schema) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT seq_scan, idx_scan, n_tup_upd, n_tup_del FROM"
            + " pg_stat_xact_user_tables WHERE schemaname = '" + schema + "'"
            + " AND relname = 'baton_notification'")) {
      assertThat(r.next()).isTrue();
      return new long[] {r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4)};
    }
  }
}

package dev.baton.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * The batch take ({@link PostgresPromotionStore#takeDueNotifications}) changes only the due time
 * of the rows it takes, which since schema version 8 no index of the outbox holds: every row it
 * takes is a HOT update (no new index entry). While {@code baton_notification_due} indexed the
 * due time, none was. The statement runs here as the store sends it, in a transaction whose own
 * table counts ({@code pg_stat_xact_user_tables}) say how the rows were updated.
 */
class PostgresTakeHotUpdateTest {

  @Test
  void everyRowTakenIsAHotUpdate() throws SQLException {
    String schema = TestDatabase.freshSchemaName();
    try (PostgresStores stores = PostgresStores.on(TestDatabase.dataSource()).schema(schema)
        .open()) {
      PostgresOutbox outbox = ((PostgresPromotionStore) stores.promotions()).outbox;
      // ten notifications: five due at 5000, five at 90000
      PostgresTakeDueScanTest.insertFiveDueFiveLater("\"" + schema + "\".baton_notification");
      try (Connection c = TestDatabase.dataSource().getConnection()) {
        c.setAutoCommit(false);
        long[] before = updates(c, schema);
        int taken = PostgresTakeDueScanTest.take(c, outbox);
        long[] after = updates(c, schema);
        c.rollback();
        assertThat(taken).as("rows taken").isEqualTo(5);
        assertThat(after[0] - before[0]).as("rows updated").isEqualTo(5);
        assertThat(after[1] - before[1]).as("rows updated HOT").isEqualTo(5);
      }
    }
  }

  /**
   * The outbox's updated rows and HOT-updated rows counted by this connection's backend and not
   * yet sent to the statistics (so the test compares two counts).
   */
  private static long[] updates(Connection c, String schema) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT n_tup_upd, n_tup_hot_upd FROM"
            + " pg_stat_xact_user_tables WHERE schemaname = '" + schema + "'"
            + " AND relname = 'baton_notification'")) {
      assertThat(r.next()).isTrue();
      return new long[] {r.getLong(1), r.getLong(2)};
    }
  }
}

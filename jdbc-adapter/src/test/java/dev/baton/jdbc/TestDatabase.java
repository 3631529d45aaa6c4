package dev.baton.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PostgreSQL server of this test JVM, started once on first use: an embedded one, or the
 * server named by {@code BATON_TEST_POSTGRES_URL} (with {@code BATON_TEST_POSTGRES_USER} and
 * {@code BATON_TEST_POSTGRES_PASSWORD}). Tests get a fresh schema each, so they share nothing;
 * on an external server the schemas are dropped when the JVM ends. Thread-safe.
 */
final class TestDatabase {
  private static final String URL = "BATON_TEST_POSTGRES_URL";
  private static final AtomicInteger SCHEMAS = new AtomicInteger();
  private static final List<String> CREATED = new CopyOnWriteArrayList<>();

  private TestDatabase() {}

  /** Started on first use (the holder idiom), stopped when the JVM ends. */
  private static final class Server {
    static final Server INSTANCE = new Server();

    final String url;
    final String user;
    final String password;
    final HikariDataSource pool;
    final boolean external;

    private Server() {
      String externalUrl = System.getenv(URL);
      external = externalUrl != null && !externalUrl.isBlank();
      EmbeddedPostgres embedded = null;
      if (external) {
        url = externalUrl;
        user = envOr(URL.replace("URL", "USER"), "postgres");
        password = envOr(URL.replace("URL", "PASSWORD"), "");
      } else {
        try {
          embedded = EmbeddedPostgres.builder().start();
        } catch (IOException e) {
          throw new UncheckedIOException("cannot start an embedded PostgreSQL", e);
        }
        url = embedded.getJdbcUrl("postgres", "postgres");
        user = "postgres";
        password = "postgres";
      }
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(url);
      config.setUsername(user);
      config.setPassword(password);
      config.setMaximumPoolSize(24);
      config.setPoolName("baton-test");
      pool = new HikariDataSource(config);
      EmbeddedPostgres started = embedded;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(started)));
    }

    private void stop(EmbeddedPostgres embedded) {
      if (external) {
        for (String schema : CREATED) {
          execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
        }
      }
      pool.close();
      if (embedded != null) {
        try {
          embedded.close();
        } catch (IOException e) {
          // the JVM is ending; the embedded server's folder is temporary anyway
        }
      }
    }

    private static String envOr(String name, String otherwise) {
      String value = System.getenv(name);
      return value == null ? otherwise : value;
    }
  }

  /** The shared pool of the test server. */
  static HikariDataSource dataSource() {
    return Server.INSTANCE.pool;
  }

  static String url() {
    return Server.INSTANCE.url;
  }

  static String user() {
    return Server.INSTANCE.user;
  }

  static String password() {
    return Server.INSTANCE.password;
  }

  /** A schema name no test used before in this JVM (nor, with the process id, in another). */
  static String freshSchemaName() {
    String name = "baton_test_" + ProcessHandle.current().pid() + "_"
        + SCHEMAS.incrementAndGet();
    CREATED.add(name);
    return name;
  }

  /** The stores, opened on a fresh schema of the shared server. */
  static PostgresStores freshStores() {
    return PostgresStores.on(dataSource()).schema(freshSchemaName()).open();
  }

  static void execute(String sql) {
    try (Connection c = Server.INSTANCE.pool.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /**
   * 20,000 promotions of project shop into eight targets ({@code t0} to {@code t7}), requested at
   * seconds 1 to 20,000, a third each COMPLETED, PENDING_RELEASE and REJECTED, with empty
   * documents, then the table analyzed: a large table whose statistics a plan is made from.
   *
   * @param executing the SQL of the executing column, over the row number {@code i}
   */
  static void insertAnalyzedPromotions(String schema, String executing) {
    execute("INSERT INTO \"" + schema + "\".baton_promotion (id, project, target, status,"
        + " requester, requested_sec, requested_nano, executing, version, document)"
        + " SELECT 'p-' || i, 'shop', 't' || i % 8, (ARRAY['COMPLETED', 'PENDING_RELEASE',"
        + " 'REJECTED'])[1 + i % 3], 'alice', i, 0, " + executing + ", 1, '{}'::jsonb"
        + " FROM generate_series(1, 20000) AS i");
    execute("ANALYZE \"" + schema + "\".baton_promotion");
  }

  /**
   * {@link #genericPlan(String, String, String)} of a statement as the store prepares it (JDBC
   * {@code ?} placeholders), every parameter null.
   */
  static List<String> genericPlanOfJdbc(String sql) throws SQLException {
    Matcher placeholder = Pattern.compile("\\?").matcher(sql);
    StringBuilder numbered = new StringBuilder();
    int n = 0;
    while (placeholder.find()) {
      placeholder.appendReplacement(numbered, "\\$" + ++n);
    }
    placeholder.appendTail(numbered);
    return genericPlan("", numbered.toString(), String.join(", ", Collections.nCopies(n, "NULL")));
  }

  /**
   * The plan PostgreSQL keeps for {@code sql} as a prepared statement once it stops planning per
   * execution (the generic plan, forced), run with {@code arguments}: what a statement the store
   * prepares and runs many times ends up with, parameters unknown to the planner.
   *
   * @param parameterTypes the PREPARE's types, such as {@code (text, int)}, or empty
   * @param arguments the EXECUTE's values as SQL literals, such as {@code 'a', 2}, or empty
   */
  static List<String> genericPlan(String parameterTypes, String sql, String arguments)
      throws SQLException {
    List<String> lines = new ArrayList<>();
    try (Connection c = dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("SET plan_cache_mode = force_generic_plan");
      s.execute("PREPARE planned" + parameterTypes + " AS " + sql);
      try (ResultSet r = s.executeQuery("EXPLAIN EXECUTE planned"
          + (arguments.isEmpty() ? "" : "(" + arguments + ")"))) {
        while (r.next()) {
          lines.add(r.getString(1));
        }
      } finally {
        s.execute("DEALLOCATE planned");
        s.execute("RESET plan_cache_mode");
      }
    }
    return lines;
  }
}

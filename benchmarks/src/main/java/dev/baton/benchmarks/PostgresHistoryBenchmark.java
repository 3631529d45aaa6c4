package dev.baton.benchmarks;

import dev.baton.Baton;
import dev.baton.PromotionRequest;
import dev.baton.jdbc.PostgresStores;
import dev.baton.memory.InMemoryEnvironmentRepository;
import dev.baton.model.DeployPolicy;
import dev.baton.model.EnvironmentName;
import dev.baton.model.Page;
import dev.baton.model.Pipeline;
import dev.baton.model.ProjectId;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionQuery;
import dev.baton.model.PromotionStatus;
import dev.baton.model.UserId;
import dev.baton.spi.PromotionStore;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * History pages of the PostgreSQL store over {@code promotions} stored promotions (10 projects x
 * 8 targets, statuses 2/5 COMPLETED and 1/5 each of the others, one request every 30 s): a page
 * of 50 of one project into one target with one status ({@code filteredPage}, a different
 * project and target each call), and the newest 50 of all ({@code newestPage}). Each call is
 * {@link PromotionStore#query}: the exact total and the page, in one snapshot, documents parsed.
 *
 * <p>Setup runs the real engine on the store once per status to get four genuine documents
 * (pending approval, pending release, completed, rejected), then writes the rows straight into
 * the store's tables with one {@code INSERT ... SELECT} from {@code generate_series} per 100,000
 * rows (each row a template document with its own id, project, target, requester and request
 * time, consistent with the columns), with the count trigger off and the counts rebuilt after,
 * then {@code VACUUM ANALYZE}; it prints the plans ({@code EXPLAIN}) of both pages and checks
 * the count and one page of each. 1,000,000 rows take about a minute. Run with one thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PostgresHistoryBenchmark {
  static final int PROJECTS = 10;
  static final int TARGETS = 8;
  private static final int CHUNK = 100_000;
  private static final PromotionQuery NEWEST = new PromotionQuery(Optional.empty(),
      Optional.empty(), Set.of(), Optional.empty(), Optional.empty(), Optional.empty(), false, 0,
      50);

  /** Promotions stored before measuring. */
  @Param({"1000000"})
  public int promotions;

  private PostgresServer server;
  private String schema;
  private PostgresStores stores;
  private PromotionStore store;
  private int next;
  private Connection floor;
  private PreparedStatement newestFloor;

  /** Starts the server, seeds the rows and checks them. */
  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    server = PostgresServer.start();
    schema = PostgresServer.freshSchema("history");
    stores = server.stores(schema, 4);
    store = stores.promotions();
    Map<PromotionStatus, String> templates = templates(stores);
    long started = System.nanoTime();
    seed(templates);
    System.out.printf("%nseeded %,d promotions in %d s%n", promotions,
        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
    check();
    floor = server.connect();
    newestFloor = floor.prepareStatement("SELECT document::text FROM " + table("baton_promotion")
        + " ORDER BY requested_sec DESC, requested_nano DESC, id DESC LIMIT 50");
  }

  /** Closes the store and stops the embedded server. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException, SQLException {
    floor.close();
    stores.close();
    try (Connection c = server.connect(); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA \"" + schema + "\" CASCADE");
    }
    server.close();
  }

  /** 50 promotions of one project into one target with one status, newest first. */
  @Benchmark
  public Page<Promotion> filteredPage() {
    int i = next++;
    return store.query(filtered(i));
  }

  /** The newest 50 promotions of all projects. */
  @Benchmark
  public Page<Promotion> newestPage() {
    return store.query(NEWEST);
  }

  /**
   * The floor of {@link #newestPage}: the same rows' documents as text over one open
   * connection, no total, no pool, not parsed.
   */
  @Benchmark
  public int newestPageJdbcFloor() throws SQLException {
    int length = 0;
    try (ResultSet r = newestFloor.executeQuery()) {
      while (r.next()) {
        length += r.getString(1).length();
      }
    }
    return length;
  }

  private static PromotionQuery filtered(int i) {
    return PromotionQuery.of(ProjectId.of("project-" + (i % PROJECTS)))
        .withTarget(EnvironmentName.of("env-" + (i / PROJECTS % TARGETS)))
        .withStatuses(Set.of(PromotionStatus.COMPLETED))
        .withPage(0, 50);
  }

  /** A document of each status, written by the engine itself. */
  private Map<PromotionStatus, String> templates = Map.of();

  private Map<PromotionStatus, String> templates() {
    return templates;
  }

  private Map<PromotionStatus, String> templates(PostgresStores on) throws SQLException {
    ProjectId shop = ProjectId.of("shop");
    InMemoryEnvironmentRepository environments = new InMemoryEnvironmentRepository();
    environments.seed(shop, EnvironmentName.of("staging"), values("1.0.1"));
    environments.seed(shop, EnvironmentName.of("production"), values("1.0.0"));
    Map<PromotionStatus, String> documents = new EnumMap<>(PromotionStatus.class);
    try (Baton baton = Baton.builder().environments(environments)
        .promotionStore(on.promotions()).pipelineStore(on.pipelines())
        .freezeStore(on.freezes()).build()) {
      baton.pipelines().replace(Pipeline.builder(shop).stage("staging")
          .stage("production", DeployPolicy.MANUAL).transition("staging", "production", 2)
          .build(), UserId.of("platform"));
      Promotion p = baton.promotions().request(PromotionRequest.of("shop", "staging",
          "production", "alice").withNotes("a promotion of the history benchmark"));
      documents.put(PromotionStatus.PENDING_APPROVAL, document(p.id()));
      baton.promotions().approve(p.id(), UserId.of("bob"), "lgtm");
      baton.promotions().approve(p.id(), UserId.of("carol"), "ship it");
      documents.put(PromotionStatus.PENDING_RELEASE, document(p.id()));
      baton.promotions().deploy(p.id(), UserId.of("alice"));
      documents.put(PromotionStatus.COMPLETED, document(p.id()));
      environments.seed(shop, EnvironmentName.of("staging"), values("1.0.2"));
      Promotion rejected = baton.promotions().request(PromotionRequest.of("shop", "staging",
          "production", "alice"));
      baton.promotions().reject(rejected.id(), UserId.of("bob"), "not now");
      documents.put(PromotionStatus.REJECTED, document(rejected.id()));
    }
    execute("DELETE FROM " + table("baton_promotion"));
    templates = documents;
    return documents;
  }

  private String document(PromotionId id) throws SQLException {
    try (Connection c = server.connect();
        PreparedStatement s = c.prepareStatement("SELECT document::text FROM "
            + table("baton_promotion") + " WHERE id = ?")) {
      s.setString(1, id.value());
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getString(1);
      }
    }
  }

  private void seed(Map<PromotionStatus, String> templates) throws SQLException {
    try (Connection c = server.connect()) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TEMPORARY TABLE bench_template (status text, document jsonb)");
        s.execute("ALTER TABLE " + table("baton_promotion")
            + " DISABLE TRIGGER baton_promotion_count_insert_delete");
      }
      try (PreparedStatement s = c.prepareStatement(
          "INSERT INTO bench_template VALUES (?, ?::jsonb)")) {
        for (Map.Entry<PromotionStatus, String> t : templates.entrySet()) {
          s.setString(1, t.getKey().name());
          s.setString(2, t.getValue());
          s.addBatch();
        }
        s.executeBatch();
      }
      // Two in five COMPLETED, one in five each of the other statuses.
      String insert = "INSERT INTO " + table("baton_promotion") + " (id, project,"
          + " idempotency_key, target, status, requester, requested_sec, requested_nano,"
          + " executing, version, document)"
          + " SELECT r.id, r.project, NULL, r.target, r.status, r.requester, r.sec, 0, false,"
          + " (t.document ->> 'version')::bigint, t.document || jsonb_build_object('id', r.id,"
          + " 'project', r.project, 'target', r.target, 'requester', r.requester,"
          + " 'requestedAt', to_char(to_timestamp(r.sec) AT TIME ZONE 'UTC',"
          + " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))"
          + " FROM (SELECT 'p-' || lpad(g::text, 9, '0') AS id,"
          + " 'project-' || (g % " + PROJECTS + ") AS project,"
          + " 'env-' || (g / " + PROJECTS + " % " + TARGETS + ") AS target,"
          + " (ARRAY['COMPLETED', 'PENDING_APPROVAL', 'COMPLETED', 'PENDING_RELEASE',"
          + " 'REJECTED'])[g * 7 % 5 + 1] AS status, 'user-' || (g % 50) AS requester,"
          + " 1700000000 + g * 30::bigint AS sec FROM generate_series(?, ?) g) r"
          + " JOIN bench_template t ON t.status = r.status";
      try (PreparedStatement s = c.prepareStatement(insert)) {
        for (int from = 1; from <= promotions; from += CHUNK) {
          s.setInt(1, from);
          s.setInt(2, Math.min(promotions, from + CHUNK - 1));
          s.executeUpdate();
        }
      }
      try (Statement s = c.createStatement()) {
        s.execute("ALTER TABLE " + table("baton_promotion")
            + " ENABLE TRIGGER baton_promotion_count_insert_delete");
        s.execute("DELETE FROM " + table("baton_promotion_count"));
        s.execute("INSERT INTO " + table("baton_promotion_count") + " (project, target, status,"
            + " n) SELECT project, target, status, count(*) FROM " + table("baton_promotion")
            + " GROUP BY project, target, status");
        s.execute("VACUUM ANALYZE " + table("baton_promotion"));
        s.execute("VACUUM ANALYZE " + table("baton_promotion_count"));
      }
    }
  }

  /** Checks the seeded rows through the store and prints the plans of both pages. */
  private void check() throws SQLException {
    Page<Promotion> newest = store.query(NEWEST);
    Page<Promotion> filtered = store.query(filtered(0));
    if (newest.total() != promotions || newest.items().size() != 50
        || !newest.items().get(0).id().value().equals(String.format("p-%09d", promotions))
        || filtered.items().size() != 50
        || filtered.items().stream().anyMatch(p -> p.status() != PromotionStatus.COMPLETED)) {
      throw new IllegalStateException("the seeded store does not answer as seeded: total "
          + newest.total() + ", first " + newest.items().get(0).id());
    }
    System.out.println("newest page, total " + newest.total() + "; filtered page, total "
        + filtered.total() + "; document sizes " + templates().values().stream()
        .map(String::length).toList());
    // The statements PostgresPromotionStore.query runs, with the values in place.
    String where = " WHERE true AND project = 'project-0' AND target = 'env-0'"
        + " AND status IN ('COMPLETED')";
    explain(pageSql(where));
    explain(pageSql(" WHERE true"));
  }

  private String pageSql(String where) {
    return "WITH total AS (SELECT coalesce(sum(n), 0) AS n FROM "
        + table("baton_promotion_count") + where + ") SELECT total.n, page.document::text"
        + " FROM total LEFT JOIN LATERAL (SELECT document, requested_sec, requested_nano, id FROM "
        + table("baton_promotion") + where + " ORDER BY requested_sec DESC, requested_nano DESC,"
        + " id DESC LIMIT 50 OFFSET 0) page ON true"
        + " ORDER BY page.requested_sec DESC, page.requested_nano DESC, page.id DESC";
  }

  private void explain(String sql) throws SQLException {
    StringBuilder plan = new StringBuilder("EXPLAIN ANALYZE " + sql + "\n");
    try (Connection c = server.connect(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("EXPLAIN ANALYZE " + sql)) {
      while (r.next()) {
        plan.append("  ").append(r.getString(1)).append('\n');
      }
    }
    System.out.print(plan);
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = server.connect(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private String table(String name) {
    return "\"" + schema + "\"." + name;
  }

  private static Map<String, String> values(String tag) {
    return Map.of("values.yaml", "image:\n  repository: shop\n  tag: \"" + tag + "\"\n");
  }
}

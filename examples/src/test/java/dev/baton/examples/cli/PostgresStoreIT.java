package dev.baton.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code baton --store jdbc:postgresql://...} (and {@code BATON_STORE}): promotions, pipelines
 * and freezes in PostgreSQL, environments in the repository; the commands of the state ref
 * refused; a bad URL and an unreachable server refused by code, never with the password or a
 * stack trace. On an embedded PostgreSQL the test starts.
 */
class PostgresStoreIT extends CliTestBase {
  private static final String ALICE = "alice@example.com";

  String schema;
  String store;

  @BeforeEach
  void database() {
    schema = EmbeddedDatabase.freshSchema();
    store = EmbeddedDatabase.storeUrl(schema);
  }

  private CliProcess.Result withStore(String user, String... args) {
    List<String> all = new ArrayList<>(List.of("--store", store, "--as", user));
    all.addAll(List.of(args));
    return baton(all.toArray(String[]::new));
  }

  @Test
  void aWholePromotionKeepsItsStateInPostgresAndItsCommitInTheRepository() throws Exception {
    init();
    String stateBefore = git("rev-parse", "refs/baton/state").ok().out().strip();

    String id = withStore(ALICE, "--json", "request", "--from", "staging", "--to", "production",
        "--notes", "1.3.2 passed staging").ok().json().get("id").asText();
    assertThat(withStore("bob@example.com", "approve", id.substring(0, 10)).ok().out())
        .contains("approvals 1/2");
    // BATON_STORE is the default of --store.
    assertThat(cli.baton(repo, Map.of("BATON_STORE", store), "--as", "carol@example.com",
        "approve", id).ok().out()).contains("PENDING_RELEASE");
    assertThat(withStore("dave@example.com", "deploy", id).ok().out()).contains("COMPLETED");

    JsonNode shown = withStore(ALICE, "--json", "show", id).ok().json();
    assertThat(shown.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(shown.get("release").get("revision").asText())
        .isEqualTo(git("rev-parse", "main").ok().out().strip());
    assertThat(commitsOf(id)).isEqualTo(1);
    assertThat(stored("SELECT status FROM \"" + schema + "\".baton_promotion WHERE id = ?", id))
        .containsExactly("COMPLETED");
    assertThat(stored("SELECT project FROM \"" + schema + "\".baton_pipeline", null))
        .containsExactly("shop");
    // Nothing went to the state ref: without --store the repository knows no promotion.
    assertThat(git("rev-parse", "refs/baton/state").ok().out().strip()).isEqualTo(stateBefore);
    assertThat(baton("--json", "history").ok().json().get("items")).isEmpty();
    assertThat(withStore(ALICE, "--json", "history").ok().json().get("items")).hasSize(1);
    git("fsck", "--full", "--strict").ok();
  }

  @Test
  void theDemoRunsOnPostgres() throws Exception {
    CliProcess.Result result = cli.baton(tmp, "--store", store, "demo", "--dir", repo.toString())
        .ok();

    assertThat(result.out()).contains("promotions, pipelines and freezes in PostgreSQL: "
        + store.replace("?user=postgres&currentSchema=" + schema,
            "?currentSchema=" + schema + "&user=postgres"))
        .contains("refused: ALREADY_APPROVED (HTTP 409)").contains("Deployed p-")
        .contains("--store '");
    assertThat(result.err()).isEmpty();
    assertThat(stored("SELECT status FROM \"" + schema + "\".baton_promotion ORDER BY status",
        null)).containsExactly("COMPLETED", "COMPLETED");
    assertThat(withStore(ALICE, "history").ok().out()).contains("staging → production");
  }

  @Test
  void theStateRefCommandsAndRemoteAreUsageErrorsWithPostgres() {
    init();
    for (String command : List.of("fetch", "push", "accept")) {
      assertThat(withStore(ALICE, "state", command).exits(2).err())
          .contains("'baton state " + command + "' works on refs/baton/state")
          .contains("PostgreSQL");
    }
    assertThat(withStore(ALICE, "--remote", "origin", "history").exits(2).err())
        .contains("--remote shares refs/baton/state");
    CliProcess.Result json = withStore(ALICE, "--json", "state", "push").exits(2);
    assertThat(json.errJson().get("error").get("code").asText()).isEqualTo("USAGE");
  }

  @Test
  void badUrlsAreUsageErrorsAndAnUnreachableServerIsABackendFailureWithoutThePassword() {
    init();
    assertThat(baton("--store", "mysql://db/baton", "history").exits(2).err())
        .contains("--store (or BATON_STORE)").contains("jdbc:postgresql://HOST:PORT/DB");
    assertThat(baton("--store", "jdbc:postgresql://localhost/baton", "history").exits(2).err())
        .contains("?user=NAME");
    assertThat(baton("--store", "jdbc:postgresql://localhost/baton?password=hunter2", "history")
        .exits(2).err()).doesNotContain("hunter2").contains("password=***");

    CliProcess.Result down = baton("--store",
        "jdbc:postgresql://127.0.0.1:1/baton?user=baton&password=hunter2&connectTimeout=2",
        "history").exits(3);
    assertThat(down.err()).startsWith("refused: BACKEND_FAILURE (HTTP ")
        .contains("127.0.0.1:1").doesNotContain("hunter2").doesNotContain("\tat ");
    CliProcess.Result fromVariable = cli.baton(repo, Map.of("BATON_STORE_PASSWORD", "hunter2"),
        "--json", "--store", "jdbc:postgresql://127.0.0.1:1/baton?user=baton", "history")
        .exits(3);
    assertThat(fromVariable.errJson().get("error").get("code").asText())
        .isEqualTo("BACKEND_FAILURE");
    assertThat(fromVariable.err()).doesNotContain("hunter2");
  }

  private static List<String> stored(String sql, String parameter) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = EmbeddedDatabase.connect();
        PreparedStatement s = c.prepareStatement(sql)) {
      if (parameter != null) {
        s.setString(1, parameter);
      }
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          rows.add(r.getString(1));
        }
      }
    }
    return rows;
  }
}

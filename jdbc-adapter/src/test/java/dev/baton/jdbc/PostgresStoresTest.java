package dev.baton.jdbc;

import static dev.baton.testkit.SamplePromotions.PROJECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.model.InsertResult;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionQuery;
import dev.baton.testkit.SamplePromotions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Opening the store: Flyway's migrations, the schema option and the pool the store owns. */
class PostgresStoresTest {

  @Test
  void openingTwiceIsIdempotentAndTheHistoryShowsEveryVersion() throws SQLException {
    String schema = TestDatabase.freshSchemaName();
    PostgresStores first = PostgresStores.on(TestDatabase.dataSource()).schema(schema).open();
    assertThat(first.promotions().insert(SamplePromotions.builder("p-1").build(), List.of()))
        .isEqualTo(InsertResult.INSERTED);

    PostgresStores second = PostgresStores.on(TestDatabase.dataSource()).schema(schema).open();

    assertThat(second.promotions().find(PromotionId.of("p-1"))).isPresent();
    assertThat(history(schema)).containsExactly("1 true", "2 true", "3 true", "4 true", "5 true",
        "6 true", "7 true");
  }

  @Test
  void aSchemaHoldingOtherTablesGetsBatonsTablesBesideThem() throws SQLException {
    String schema = TestDatabase.freshSchemaName();
    TestDatabase.execute("CREATE SCHEMA \"" + schema + "\"");
    TestDatabase.execute("CREATE TABLE \"" + schema + "\".theirs (id int)");

    PostgresStores stores = PostgresStores.on(TestDatabase.dataSource()).schema(schema).open();

    assertThat(stores.pipelines().projects()).isEmpty();
    assertThat(history(schema)).contains("1 true");
  }

  @Test
  void aDocumentThatIsNotAPromotionIsACorruptStore() {
    String schema = TestDatabase.freshSchemaName();
    PostgresStores stores = PostgresStores.on(TestDatabase.dataSource()).schema(schema).open();
    stores.promotions().insert(SamplePromotions.builder("p-1").build(), List.of());
    TestDatabase.execute("UPDATE \"" + schema + "\".baton_promotion"
        + " SET document = document - 'requester'");

    assertThatThrownBy(() -> stores.promotions().find(PromotionId.of("p-1")))
        .isInstanceOfSatisfying(BatonException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.STORE_CORRUPT));
  }

  @Test
  void aPromotionReadBeforeAndEditedInTheDatabaseAtTheSameVersionIsReadAsEdited() {
    String schema = TestDatabase.freshSchemaName();
    PostgresStores stores = PostgresStores.on(TestDatabase.dataSource()).schema(schema).open();
    stores.promotions().insert(SamplePromotions.builder("p-1").build(), List.of());
    PromotionId id = PromotionId.of("p-1");
    assertThat(stores.promotions().find(id).orElseThrow().requester().value())
        .isNotEqualTo("mallory");
    assertThat(stores.promotions().query(PromotionQuery.of(PROJECT)).items()).hasSize(1);

    TestDatabase.execute("UPDATE \"" + schema + "\".baton_promotion"
        + " SET document = jsonb_set(document, '{requester}', '\"mallory\"')");

    assertThat(stores.promotions().find(id).orElseThrow().requester().value())
        .isEqualTo("mallory");
    assertThat(stores.promotions().query(PromotionQuery.of(PROJECT)).items())
        .singleElement().satisfies(p -> assertThat(p.requester().value()).isEqualTo("mallory"));
  }

  @Test
  void textHoldingTheNulCharacterIsRefusedBeforeTheDatabaseSeesIt() {
    PostgresStores stores = TestDatabase.freshStores();

    assertThatThrownBy(() -> stores.promotions()
        .insert(SamplePromotions.builder("p-1").notes("a\0b").build(), List.of()))
        .isInstanceOfSatisfying(BatonException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    assertThat(stores.promotions().find(PromotionId.of("p-1"))).isEmpty();
  }

  @Test
  void aStoreConnectedByUrlClosesItsPool() {
    PostgresStores stores = PostgresStores
        .connect(TestDatabase.url(), TestDatabase.user(), TestDatabase.password())
        .schema(TestDatabase.freshSchemaName())
        .open();
    assertThat(stores.promotions().targetClaim(PROJECT, SamplePromotions.PRODUCTION)).isEmpty();

    stores.close();

    assertThatThrownBy(() -> stores.promotions().find(PromotionId.of("p-1")))
        .isInstanceOfSatisfying(BatonException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.BACKEND_FAILURE));
  }

  @Test
  void aPoolOfTwoConnectionsMigratesAndServesAndSmallerPoolsAreRefused() {
    try (PostgresStores stores = PostgresStores
        .connect(TestDatabase.url(), TestDatabase.user(), TestDatabase.password())
        .schema(TestDatabase.freshSchemaName())
        .poolSize(2)
        .open()) {
      assertThat(stores.promotions().insert(SamplePromotions.builder("p-1").build(), List.of()))
          .isEqualTo(InsertResult.INSERTED);
    }
    assertThatThrownBy(() -> PostgresStores
        .connect(TestDatabase.url(), TestDatabase.user(), TestDatabase.password()).poolSize(1))
        .isInstanceOfSatisfying(BatonException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    assertThatThrownBy(() -> PostgresStores.on(TestDatabase.dataSource()).poolSize(4))
        .isInstanceOfSatisfying(BatonException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
  }

  @Test
  void aPasswordInTheUrlIsNotInTheMessageOfAFailedConnection() {
    assertThatThrownBy(() -> PostgresStores
        .connect("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2&password=hunter2",
            "nobody", "none")
        .open())
        .isInstanceOfSatisfying(BatonException.class,
            e -> assertThat(e.getMessage()).doesNotContain("hunter2").contains("password=***"));
  }

  @Test
  void anUnreachableServerIsABackendFailure() {
    assertThatThrownBy(() -> PostgresStores
        .connect("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2", "nobody", "none")
        .open())
        .isInstanceOfSatisfying(BatonException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.BACKEND_FAILURE));
  }

  @Test
  void aClosedDataSourceOfTheCallerIsNotClosedByTheStore() {
    PostgresStores stores = TestDatabase.freshStores();
    stores.close();

    assertThat(stores.pipelines().find(PROJECT)).isEqualTo(Optional.empty());
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

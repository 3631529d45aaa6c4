package dev.baton.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.model.CasResult;
import dev.baton.model.InsertResult;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.testkit.SamplePromotions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code find} answers the promotion a store wrote or read itself, without fetching it, only
 * while the row is as that store left it: a write by another instance, by hand in the database,
 * or of a new row with the same id and version, is fetched and parsed. An answer from memory is
 * the very instance the store wrote or parsed, which is how these tests tell it from a fetch.
 */
class PostgresFindByRowVersionTest {
  private static final PromotionId ID = PromotionId.of("p-1");

  private String schema;
  private PostgresStores one;
  private PostgresStores two;

  @BeforeEach
  void openTwoInstances() {
    schema = TestDatabase.freshSchemaName();
    one = PostgresStores.on(TestDatabase.dataSource()).schema(schema).open();
    two = PostgresStores.on(TestDatabase.dataSource()).schema(schema).open();
  }

  @AfterEach
  void close() {
    one.close();
    two.close();
  }

  @Test
  void whatAStoreWroteOrReadIsAnsweredFromMemoryWhileTheRowIsUnchanged() {
    Promotion p = SamplePromotions.promotion("p-1");
    assertThat(one.promotions().insert(p, List.of())).isEqualTo(InsertResult.INSERTED);
    assertThat(one.promotions().find(ID).orElseThrow()).isSameAs(p);

    Promotion next = SamplePromotions.next(p, "second");
    assertThat(one.promotions().compareAndSet(1, next, List.of())).isEqualTo(CasResult.APPLIED);
    assertThat(one.promotions().find(ID).orElseThrow()).isSameAs(next);

    Promotion read = two.promotions().find(ID).orElseThrow();
    assertThat(read).isEqualTo(next).isNotSameAs(next);
    assertThat(two.promotions().find(ID).orElseThrow()).isSameAs(read);
    // a lost compare-and-set leaves what is known as it was
    assertThat(two.promotions().compareAndSet(1, SamplePromotions.next(p, "lost"), List.of()))
        .isEqualTo(CasResult.VERSION_MISMATCH);
    assertThat(two.promotions().find(ID).orElseThrow()).isSameAs(read);
  }

  @Test
  void aWriteByAnotherInstanceIsFetched() {
    Promotion p = SamplePromotions.promotion("p-1");
    one.promotions().insert(p, List.of());
    Promotion next = SamplePromotions.next(p, "by the other instance");
    assertThat(two.promotions().compareAndSet(1, next, List.of())).isEqualTo(CasResult.APPLIED);

    assertThat(one.promotions().find(ID).orElseThrow()).isEqualTo(next).isNotSameAs(next);
  }

  @Test
  void aRowChangedByHandAtTheSameVersionIsFetched() throws SQLException {
    Promotion p = SamplePromotions.promotion("p-1");
    one.promotions().insert(p, List.of());
    assertThat(one.promotions().find(ID).orElseThrow()).isSameAs(p);

    TestDatabase.execute("UPDATE \"" + schema + "\".baton_promotion SET document"
        + " = jsonb_set(document, '{notes}', to_jsonb('edited by hand'::text)) WHERE id = 'p-1'");

    Promotion found = one.promotions().find(ID).orElseThrow();
    assertThat(found.notes()).isEqualTo("edited by hand");
    assertThat(found).isEqualTo(stored()).isNotEqualTo(p);
  }

  @Test
  void aNewRowWithTheSameIdAndVersionIsFetched() {
    Promotion p = SamplePromotions.promotion("p-1");
    one.promotions().insert(p, List.of());
    assertThat(one.promotions().find(ID).orElseThrow()).isSameAs(p);
    TestDatabase.execute("DELETE FROM \"" + schema + "\".baton_promotion WHERE id = 'p-1'");

    Promotion again = p.toBuilder().notes("stored again").build();
    assertThat(two.promotions().insert(again, List.of())).isEqualTo(InsertResult.INSERTED);
    assertThat(one.promotions().find(ID).orElseThrow()).isEqualTo(again);
    TestDatabase.execute("DELETE FROM \"" + schema + "\".baton_promotion WHERE id = 'p-1'");
    assertThat(one.promotions().find(ID)).isEmpty();
  }

  private Promotion stored() throws SQLException {
    try (Connection c = TestDatabase.dataSource().getConnection();
        PreparedStatement s = c.prepareStatement("SELECT document::text FROM \"" + schema
            + "\".baton_promotion WHERE id = 'p-1'");
        ResultSet r = s.executeQuery()) {
      r.next();
      return Json.read(r.getString(1), Promotion.class, "a stored promotion");
    }
  }
}

package dev.baton.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.model.CasResult;
import dev.baton.model.InsertResult;
import dev.baton.model.Pipeline;
import dev.baton.model.ProjectId;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.testkit.SamplePromotions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code find} answers the promotion a store wrote or read itself, without fetching it, only
 * while the row is as that store left it: a write by another instance, by hand in the database,
 * or of a new row with the same id and version, is fetched and parsed. An answer from memory is
 * the very instance the store wrote or parsed, which is how these tests tell it from a fetch.
 * A row's version is its xmin, version and write_id: PostgreSQL can hand out a lost commit's
 * xmin again (a test cannot make it), so the tests note a row version by hand that differs from
 * the row's in write_id alone, and see the row fetched.
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

  @Test
  void aRowWhoseWriteIdDiffersFromTheOneNotedIsFetched() throws SQLException {
    PostgresPromotionStore store = (PostgresPromotionStore) one.promotions();
    Promotion p = SamplePromotions.promotion("p-1");
    store.insert(p, List.of());
    RowVersion row = rowVersion("baton_promotion", "id", "p-1");
    // what a lost commit with the same xmin and version would have left in memory
    Promotion lost = p.toBuilder().notes("lost with its commit").build();

    store.known.remember("p-1", row.xmin(), row.version(), row.writeId() + 1, lost);
    assertThat(store.find(ID).orElseThrow()).isEqualTo(p);
    store.known.remember("p-1", row.xmin(), row.version() + 1, row.writeId(), lost);
    assertThat(store.find(ID).orElseThrow()).isEqualTo(p);
    // all three as in the row: answered from memory, whatever was noted
    store.known.remember("p-1", row.xmin(), row.version(), row.writeId(), lost);
    assertThat(store.find(ID).orElseThrow()).isSameAs(lost);
  }

  @Test
  void everyWriteSetsANewWriteId() throws SQLException {
    Promotion p = SamplePromotions.promotion("p-1");
    one.promotions().insert(p, List.of());
    RowVersion inserted = rowVersion("baton_promotion", "id", "p-1");
    one.promotions().compareAndSet(1, SamplePromotions.next(p, "second"), List.of());
    RowVersion changed = rowVersion("baton_promotion", "id", "p-1");
    assertThat(changed.writeId()).isNotEqualTo(inserted.writeId());

    Pipeline v1 = SamplePromotions.pipeline(SamplePromotions.PROJECT).withVersion(1);
    assertThat(one.pipelines().compareAndSet(0, v1)).isEqualTo(CasResult.APPLIED);
    RowVersion pipeline = rowVersion("baton_pipeline", "project", v1.project().value());
    assertThat(one.pipelines().compareAndSet(1, v1.withVersion(2)))
        .isEqualTo(CasResult.APPLIED);
    assertThat(rowVersion("baton_pipeline", "project", v1.project().value()).writeId())
        .isNotEqualTo(pipeline.writeId());
  }

  @Test
  void aPipelineWhoseWriteIdDiffersFromTheOneNotedIsFetched() throws SQLException {
    PostgresPipelineStore store = (PostgresPipelineStore) one.pipelines();
    ProjectId project = SamplePromotions.PROJECT;
    Pipeline v1 = SamplePromotions.pipeline(project).withVersion(1);
    store.compareAndSet(0, v1);
    Pipeline read = store.find(project).orElseThrow();
    assertThat(store.find(project).orElseThrow()).isSameAs(read);
    RowVersion row = rowVersion("baton_pipeline", "project", project.value());
    Pipeline lost = Pipeline.builder(project).stage("lost").build().withVersion(1);

    store.reads.remember(project.value(), row.xmin(), row.version(), row.writeId() + 1, lost);
    Pipeline fetched = store.find(project).orElseThrow();
    assertThat(fetched).isEqualTo(v1).isNotSameAs(read);
    assertThat(store.find(project).orElseThrow()).isSameAs(fetched);
    store.reads.remember(project.value(), row.xmin(), row.version(), row.writeId(), lost);
    assertThat(store.find(project).orElseThrow()).isSameAs(lost);
  }

  @Test
  void aRowIsAnsweredFromMemoryForTenMinutesAtMost() {
    AtomicLong now = new AtomicLong(42);
    PostgresPromotionStore store = new PostgresPromotionStore(
        new Database(TestDatabase.dataSource(), schema), DeliveredNotifications.WAIT, now::get);
    try {
      Promotion p = SamplePromotions.promotion("p-1");
      store.insert(p, List.of());
      now.addAndGet(RowVersions.KEPT_NANOS - 1);
      assertThat(store.find(ID).orElseThrow()).isSameAs(p);
      now.incrementAndGet();
      Promotion fetched = store.find(ID).orElseThrow();
      assertThat(fetched).isEqualTo(p).isNotSameAs(p);
      // noted again when fetched
      now.addAndGet(RowVersions.KEPT_NANOS - 1);
      assertThat(store.find(ID).orElseThrow()).isSameAs(fetched);
    } finally {
      store.close();
    }

    PostgresPipelineStore pipelines =
        new PostgresPipelineStore(new Database(TestDatabase.dataSource(), schema), now::get);
    ProjectId project = SamplePromotions.PROJECT;
    pipelines.compareAndSet(0, SamplePromotions.pipeline(project).withVersion(1));
    Pipeline read = pipelines.find(project).orElseThrow();
    now.addAndGet(RowVersions.KEPT_NANOS - 1);
    assertThat(pipelines.find(project).orElseThrow()).isSameAs(read);
    now.incrementAndGet();
    assertThat(pipelines.find(project).orElseThrow()).isEqualTo(read).isNotSameAs(read);
  }

  @Test
  void aRowWithoutAWriteIdIsAlwaysFetched() {
    PostgresPipelineStore store = (PostgresPipelineStore) one.pipelines();
    ProjectId project = SamplePromotions.PROJECT;
    store.compareAndSet(0, SamplePromotions.pipeline(project).withVersion(1));
    Pipeline read = store.find(project).orElseThrow();
    assertThat(store.find(project).orElseThrow()).isSameAs(read);
    // as a row written before schema version 4 is
    TestDatabase.execute("UPDATE \"" + schema + "\".baton_pipeline SET write_id = NULL");
    Pipeline first = store.find(project).orElseThrow();
    assertThat(first).isEqualTo(read).isNotSameAs(read);
    assertThat(store.find(project).orElseThrow()).isEqualTo(read).isNotSameAs(first);
  }

  /** A row's version as the database holds it. */
  private record RowVersion(String xmin, long version, long writeId) {}

  private RowVersion rowVersion(String table, String keyColumn, String key)
      throws SQLException {
    try (Connection c = TestDatabase.dataSource().getConnection();
        PreparedStatement s = c.prepareStatement("SELECT xmin::text, version, write_id FROM \""
            + schema + "\"." + table + " WHERE " + keyColumn + " = ?")) {
      s.setString(1, key);
      try (ResultSet r = s.executeQuery()) {
        assertThat(r.next()).isTrue();
        RowVersion row = new RowVersion(r.getString(1), r.getLong(2), r.getLong(3));
        assertThat(r.wasNull()).as("write_id of %s", key).isFalse();
        return row;
      }
    }
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

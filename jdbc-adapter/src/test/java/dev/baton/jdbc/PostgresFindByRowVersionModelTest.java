package dev.baton.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.model.CasResult;
import dev.baton.model.InsertResult;
import dev.baton.model.Notification;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.spi.ForwardingPromotionStore;
import dev.baton.spi.PromotionStore;
import dev.baton.testkit.PromotionStoreModelContract;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The model contract's random histories (300 sequences) through a store whose every
 * {@code find} is checked against the straightforward answer: the row's document fetched and
 * parsed. A find that the store answers from memory (the promotion it wrote itself, its row
 * unchanged) must equal that; the test counts those answers (the very instance given to the
 * write) to show the check ran on that path.
 */
class PostgresFindByRowVersionModelTest extends PromotionStoreModelContract {
  private static final String SCHEMA = TestDatabase.freshSchemaName();
  private static final PostgresStores STORES =
      PostgresStores.on(TestDatabase.dataSource()).schema(SCHEMA).open();
  private static final AtomicInteger FROM_MEMORY = new AtomicInteger();
  private static final AtomicInteger FINDS = new AtomicInteger();

  @Override
  protected PromotionStore newStore() {
    TestDatabase.execute("TRUNCATE \"" + SCHEMA + "\".baton_promotion, \"" + SCHEMA
        + "\".baton_target_claim, \"" + SCHEMA + "\".baton_notification RESTART IDENTITY");
    return new CheckedFinds(STORES.promotions());
  }

  @Test
  @Override
  public void randomHistoriesAgreeWithTheModel() {
    super.randomHistoriesAgreeWithTheModel();
    // more than none, and no more: a replayed seed (-Dbaton.seed) or a few runs (-Dbaton.runs)
    // make few finds
    assertThat(FROM_MEMORY.get()).as("finds answered from memory, of %s", FINDS.get())
        .isPositive();
  }

  /** Checks each find against the stored row; notes the promotions given to writes. */
  private static final class CheckedFinds extends ForwardingPromotionStore {
    private final Map<PromotionId, Promotion> written = new HashMap<>();

    CheckedFinds(PromotionStore delegate) {
      super(delegate);
    }

    @Override
    public InsertResult insert(Promotion promotion, List<Notification> notifications) {
      InsertResult result = super.insert(promotion, notifications);
      if (result == InsertResult.INSERTED) {
        written.put(promotion.id(), promotion);
      }
      return result;
    }

    @Override
    public CasResult compareAndSet(long expectedVersion, Promotion next,
        List<Notification> notifications) {
      CasResult result = super.compareAndSet(expectedVersion, next, notifications);
      if (result == CasResult.APPLIED) {
        written.put(next.id(), next);
      }
      return result;
    }

    @Override
    public Optional<Promotion> find(PromotionId id) {
      Optional<Promotion> found = super.find(id);
      assertThat(found).as("find(%s) against the stored row", id).isEqualTo(stored(id));
      FINDS.incrementAndGet();
      if (found.isPresent() && found.get() == written.get(id)) {
        FROM_MEMORY.incrementAndGet();
      }
      return found;
    }

    @Override
    public boolean takesDueInBatches() {
      return delegate().takesDueInBatches();
    }

    private static Optional<Promotion> stored(PromotionId id) {
      try (Connection c = TestDatabase.dataSource().getConnection();
          PreparedStatement s = c.prepareStatement("SELECT document::text FROM \"" + SCHEMA
              + "\".baton_promotion WHERE id = ?")) {
        s.setString(1, id.value());
        try (ResultSet r = s.executeQuery()) {
          return r.next()
              ? Optional.of(Json.read(r.getString(1), Promotion.class, "a stored promotion"))
              : Optional.empty();
        }
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}

package dev.baton.jdbc;

import dev.baton.spi.PromotionStore;
import dev.baton.testkit.PromotionStoreModelContract;

/**
 * The PostgreSQL promotion store against random histories: the contract's 300 sequences (or
 * {@code -Dbaton.runs=N}). Migrating a schema per sequence would cost more than the sequences,
 * so the sequences share one schema and every new store starts from emptied tables, which is
 * what a fresh schema holds.
 */
class PostgresPromotionStoreModelTest extends PromotionStoreModelContract {
  private static final String SCHEMA = TestDatabase.freshSchemaName();
  private static final PostgresStores STORES =
      PostgresStores.on(TestDatabase.dataSource()).schema(SCHEMA).open();

  @Override
  protected PromotionStore newStore() {
    TestDatabase.execute("TRUNCATE \"" + SCHEMA + "\".baton_promotion, \"" + SCHEMA
        + "\".baton_target_claim, \"" + SCHEMA + "\".baton_notification RESTART IDENTITY");
    return STORES.promotions();
  }
}

package dev.baton.jdbc;

import dev.baton.spi.PromotionStore;
import dev.baton.testkit.PromotionStoreContract;

/** The PostgreSQL promotion store against the contract, each test on a fresh schema. */
class PostgresPromotionStoreTest extends PromotionStoreContract {
  @Override
  protected PromotionStore newStore() {
    return TestDatabase.freshStores().promotions();
  }
}

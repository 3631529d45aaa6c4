package dev.baton.jdbc;

import dev.baton.spi.FreezeStore;
import dev.baton.testkit.FreezeStoreContract;

/** The PostgreSQL freeze store against the contract, each test on a fresh schema. */
class PostgresFreezeStoreTest extends FreezeStoreContract {
  @Override
  protected FreezeStore newStore() {
    return TestDatabase.freshStores().freezes();
  }
}

package dev.baton.jdbc;

import dev.baton.spi.PipelineStore;
import dev.baton.testkit.PipelineStoreContract;

/** The PostgreSQL pipeline store against the contract, each test on a fresh schema. */
class PostgresPipelineStoreTest extends PipelineStoreContract {
  @Override
  protected PipelineStore newStore() {
    return TestDatabase.freshStores().pipelines();
  }
}

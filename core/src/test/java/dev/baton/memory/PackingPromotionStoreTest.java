package dev.baton.memory;

import dev.baton.spi.PromotionStore;
import dev.baton.testkit.PromotionStoreContract;

/**
 * The whole store contract on an in-memory store that packs every promotion but the latest
 * written one, so that every find, compare-and-set, history page, filter and last-release look
 * reads packed promotions.
 */
class PackingPromotionStoreTest extends PromotionStoreContract {
  @Override
  protected PromotionStore newStore() {
    return new InMemoryPromotionStore(1);
  }
}

package dev.baton.memory;

import dev.baton.spi.PromotionStore;
import dev.baton.testkit.PromotionStoreModelContract;

/**
 * The store model's random histories on an in-memory store that packs all but the latest two writes' promotions: packed and
 * unpacked promotions side by side, and promotions packed, then written again.
 */
class PackingAllButLatestTwoModelTest extends PromotionStoreModelContract {
  @Override
  protected PromotionStore newStore() {
    return new InMemoryPromotionStore(2);
  }
}

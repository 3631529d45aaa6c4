package dev.baton.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.model.Promotion;
import dev.baton.spi.PromotionStore;
import dev.baton.testkit.PromotionStoreContract;
import dev.baton.testkit.SamplePromotions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The whole store contract on an in-memory store that packs every promotion but the latest
 * written one, so that every find, compare-and-set, history page, filter and last-release look
 * reads packed promotions; and proof that the store does pack (a read of a packed promotion is
 * a new, equal value), when it does and when it does not.
 */
class PackingPromotionStoreTest extends PromotionStoreContract {
  @Override
  protected PromotionStore newStore() {
    return new InMemoryPromotionStore(1);
  }

  @Test
  void aPromotionWhoseWriteLeftTheRingIsReadFromItsPackedForm() {
    InMemoryPromotionStore store = new InMemoryPromotionStore(1);
    Promotion first = SamplePromotions.promotion("p-1");
    Promotion second = SamplePromotions.promotion("p-2");
    store.insert(first, List.of());

    assertThat(store.find(first.id()).orElseThrow()).isSameAs(first);

    store.insert(second, List.of());

    assertThat(store.find(first.id()).orElseThrow()).isEqualTo(first).isNotSameAs(first);
    assertThat(store.find(second.id()).orElseThrow()).isSameAs(second);
  }

  @Test
  void theDefaultStoreKeepsItsLatestWritesAsObjects() {
    InMemoryPromotionStore store = new InMemoryPromotionStore();
    Promotion first = SamplePromotions.promotion("p-first");
    store.insert(first, List.of());
    for (int i = 1; i < PromotionIndex.UNPACKED_WRITES; i++) {
      store.insert(SamplePromotions.promotion("p-" + i), List.of());
    }

    assertThat(store.find(first.id()).orElseThrow()).isSameAs(first);

    store.insert(SamplePromotions.promotion("p-last"), List.of());

    assertThat(store.find(first.id()).orElseThrow()).isEqualTo(first).isNotSameAs(first);
  }

  @Test
  void anExecutingPromotionStaysAnObjectUntilItsClaimGoes() {
    InMemoryPromotionStore store = new InMemoryPromotionStore(1);
    Promotion claimed = SamplePromotions.promotion("p-1").toBuilder()
        .claim(Optional.of(SamplePromotions.claim("engine-a", SamplePromotions.T0))).build();
    store.insert(claimed, List.of());
    store.insert(SamplePromotions.promotion("p-2"), List.of());

    assertThat(store.find(claimed.id()).orElseThrow()).isSameAs(claimed);

    Promotion released = claimed.toBuilder().claim(Optional.empty()).version(2).build();
    store.compareAndSet(1, released, List.of());
    store.insert(SamplePromotions.promotion("p-3"), List.of());

    assertThat(store.find(claimed.id()).orElseThrow()).isEqualTo(released)
        .isNotSameAs(released);
  }

  @Test
  void aPromotionWithLongNotesPacksAndSoDoTheSmallOnesAfterIt() {
    InMemoryPromotionStore store = new InMemoryPromotionStore(1);
    Promotion longNotes = SamplePromotions.builder("p-1").notes("n".repeat(200_000)).build();
    Promotion small = SamplePromotions.promotion("p-2");
    store.insert(longNotes, List.of());
    store.insert(small, List.of());
    store.insert(SamplePromotions.promotion("p-3"), List.of());

    assertThat(store.find(longNotes.id())).contains(longNotes);
    assertThat(store.find(small.id())).contains(small);
  }
}

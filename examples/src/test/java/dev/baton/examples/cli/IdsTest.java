package dev.baton.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.memory.InMemoryPromotionStore;
import dev.baton.model.Page;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionQuery;
import dev.baton.spi.ForwardingPromotionStore;
import dev.baton.testkit.SamplePromotions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Short ids: what a person types resolves through the store's ids by prefix, never a scan. */
class IdsTest {
  private final InMemoryPromotionStore memory = new InMemoryPromotionStore();
  private final NoScans store = new NoScans();

  private void store(String... ids) {
    for (String id : ids) {
      memory.insert(SamplePromotions.promotion(id), List.of());
    }
  }

  @Test
  void aWholeIdOrAUniquePrefixWithOrWithoutTheKindResolves() {
    store("p-3f2a9c", "p-3f2b00", "p-3", "q-3f2a");

    assertThat(Ids.resolve(store, "p-3f2a9c")).isEqualTo(PromotionId.of("p-3f2a9c"));
    assertThat(Ids.resolve(store, " p-3 ")).isEqualTo(PromotionId.of("p-3"));
    assertThat(Ids.resolve(store, "p-3f2a")).isEqualTo(PromotionId.of("p-3f2a9c"));
    assertThat(Ids.resolve(store, "3f2b")).isEqualTo(PromotionId.of("p-3f2b00"));
    assertThat(Ids.resolve(store, "q-")).isEqualTo(PromotionId.of("q-3f2a"));
  }

  @Test
  void unknownTextIsRefusedAsNotFound() {
    store("p-3f2a9c");

    for (String text : List.of("p-4", "4", "3F2A", "-x", "3f 2a", "p-3f2a9c0", "a".repeat(70))) {
      assertRefused(text, "no promotion has an id starting with '" + text + "'");
    }
    assertRefused("  ", "an empty id names no promotion");
  }

  @Test
  void anAmbiguousPrefixListsItsIds() {
    store("p-3f2a", "p-3f2b", "3f2c");

    assertRefused("3f2", "'3f2' is ambiguous: it starts 3 ids (3f2c, p-3f2a, p-3f2b); type more"
        + " of it");
  }

  @Test
  void anAmbiguousPrefixOfManyIdsListsTheFirstFive() {
    for (int i = 0; i < 40; i++) {
      store(String.format("p-%02d", i));
    }

    assertRefused("p-", "'p-' is ambiguous: it starts more than 5 ids (p-00, p-01, p-02, p-03,"
        + " p-04, ...); type more of it");
    assertRefused("p-0", "'p-0' is ambiguous: it starts more than 5 ids (p-00, p-01, p-02, p-03,"
        + " p-04, ...); type more of it");
  }

  @Test
  void fiveMatchesAreListedWithTheirCountAndSixAsMore() {
    store("r-1", "r-2", "r-3", "r-4", "r-5", "s-1", "s-2", "s-3", "s-4", "s-5", "s-6");

    assertRefused("r-", "'r-' is ambiguous: it starts 5 ids (r-1, r-2, r-3, r-4, r-5); type more"
        + " of it");
    assertRefused("s", "'s' is ambiguous: it starts more than 5 ids (s-1, s-2, s-3, s-4, s-5,"
        + " ...); type more of it");
  }

  private void assertRefused(String text, String message) {
    assertThatThrownBy(() -> Ids.resolve(store, text)).as(text)
        .isInstanceOfSatisfying(BatonException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.PROMOTION_NOT_FOUND);
          assertThat(e.getMessage()).isEqualTo("PROMOTION_NOT_FOUND: " + message);
        });
  }

  /** The in-memory store, refusing to be paged through. */
  private final class NoScans extends ForwardingPromotionStore {
    NoScans() {
      super(memory);
    }

    @Override
    public Page<Promotion> query(PromotionQuery query) {
      throw new AssertionError("resolving an id pages through the store");
    }
  }
}

package dev.baton.memory;

import static dev.baton.testkit.SamplePromotions.PRODUCTION;
import static dev.baton.testkit.SamplePromotions.PROJECT;
import static dev.baton.testkit.SamplePromotions.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.model.CasResult;
import dev.baton.model.InsertResult;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionQuery;
import dev.baton.model.PromotionStatus;
import dev.baton.testkit.SamplePromotions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The in-memory store's status pages while whole stretches of a long history change status: a
 * history far longer than the newest promotions its index keeps apart, some of it requested out
 * of order, then every promotion moved to another status in random order, so that the older
 * part of each order gains promotions between others and loses all of some stretches. Each page
 * is checked against a plain sort of everything stored.
 */
class InMemoryPromotionStoreStatusMovesTest {
  private static final Comparator<Promotion> NEWEST_FIRST = Comparator
      .comparing(Promotion::requestedAt).thenComparing(Promotion::id).reversed();

  @Test
  void statusPagesAgreeWithASortWhileEveryPromotionMoves() {
    Random random = new Random(11);
    InMemoryPromotionStore store = new InMemoryPromotionStore();
    List<Promotion> stored = new ArrayList<>();
    for (int i = 0; i < 4_000; i++) {
      // mostly in request order; one in eight requested before most of the others
      long second = random.nextInt(8) == 0 ? random.nextInt(4_000) : i;
      Promotion p = SamplePromotions.builder("p-" + i).project(PROJECT).target(PRODUCTION)
          .status(PromotionStatus.PENDING_RELEASE).requestedAt(T0.plusSeconds(second))
          .build();
      assertThat(store.insert(p, List.of())).isEqualTo(InsertResult.INSERTED);
      stored.add(p);
    }
    agree(store, stored, random);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < stored.size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, random);
    int moved = 0;
    for (int i : order) {
      Promotion current = stored.get(i);
      Promotion next = current.toBuilder().version(current.version() + 1)
          .status(random.nextInt(10) == 0 ? PromotionStatus.REJECTED : PromotionStatus.COMPLETED)
          .build();
      assertThat(store.compareAndSet(current.version(), next, List.of()))
          .isEqualTo(CasResult.APPLIED);
      stored.set(i, next);
      if (++moved % 250 == 0) {
        agree(store, stored, random);
      }
    }
    agree(store, stored, random);
  }

  private static void agree(InMemoryPromotionStore store, List<Promotion> stored,
      Random random) {
    List<Promotion> all = new ArrayList<>(stored);
    all.sort(NEWEST_FIRST);
    for (Set<PromotionStatus> statuses : List.of(Set.<PromotionStatus>of(),
        EnumSet.of(PromotionStatus.PENDING_RELEASE), EnumSet.of(PromotionStatus.COMPLETED),
        EnumSet.of(PromotionStatus.PENDING_RELEASE, PromotionStatus.REJECTED))) {
      for (boolean byTarget : List.of(false, true)) {
        int offset = random.nextInt(2) == 0 ? 0 : random.nextInt(3_000);
        int limit = 1 + random.nextInt(1_000);
        PromotionQuery query = new PromotionQuery(Optional.of(PROJECT),
            byTarget ? Optional.of(PRODUCTION) : Optional.empty(), statuses, Optional.empty(),
            Optional.empty(), Optional.empty(), false, offset, limit);
        List<Promotion> matching = all.stream().filter(query::matches).toList();
        var page = store.query(query);
        assertThat(page.items()).as("page of %s", query)
            .containsExactlyElementsOf(matching.subList(Math.min(offset, matching.size()),
                Math.min(offset + limit, matching.size())));
        assertThat(page.total()).isEqualTo(matching.size());
      }
    }
  }
}

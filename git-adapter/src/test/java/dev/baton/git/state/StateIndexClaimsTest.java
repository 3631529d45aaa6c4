package dev.baton.git.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.model.Page;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionQuery;
import dev.baton.testkit.SamplePromotions;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;

/**
 * The state index's set of claimed entries, which answers the look every execution start makes
 * for another execution into its target: an entry that no longer holds a claim must leave it on
 * every path, or a finished promotion keeps refusing (or holding unrun) every later one.
 */
class StateIndexClaimsTest {
  private final Map<ObjectId, Promotion> documents = new HashMap<>();
  private final StateIndex index = new StateIndex(new StateIndex.Documents() {
    @Override
    public Promotion load(StateIndex.Entry entry) {
      return documents.get(entry.blob());
    }

    @Override
    public void remember(StateIndex.Doc doc) {}
  });

  @Test
  void anIndexClearedAndReadAgainForgetsAClaimOfAPromotionNoLongerThere() {
    index.putPromotion(entry(claimed(), 1));
    assertThat(executing().total()).isEqualTo(1);
    // a rebuild reads the ref again, where another writer removed p-1
    index.clear();
    index.putPromotion(entry(SamplePromotions.builder("p-2").build(), 2));
    assertThat(executing().total()).isZero();
    assertThat(executing().items()).isEmpty();
  }

  @Test
  void anEntryPutOverAClaimedOneWithoutAClaimTakesItsClaimAway() {
    Promotion claimed = claimed();
    index.putPromotion(entry(claimed, 1));
    index.putPromotion(entry(unclaimed(claimed), 2));
    assertThat(executing().total()).isZero();
  }

  private static Promotion claimed() {
    return SamplePromotions.builder("p-1")
        .claim(Optional.of(SamplePromotions.claim("engine-a", Fixtures.T0))).build();
  }

  private static Promotion unclaimed(Promotion p) {
    return p.toBuilder().claim(Optional.empty()).version(p.version() + 1).build();
  }

  private StateIndex.Entry entry(Promotion p, int blob) {
    ObjectId id = ObjectId.fromRaw(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, (byte) blob});
    documents.put(id, p);
    return StateIndex.Entry.of(p, id);
  }

  private Page<Promotion> executing() {
    Promotion p = claimed();
    return index.query(new PromotionQuery(Optional.of(p.project()), Optional.of(p.target()),
        Set.of(), Optional.empty(), Optional.empty(), Optional.empty(), true, 0, 2));
  }
}

package dev.baton.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.model.PromotableProperty;
import dev.baton.testkit.random.Gen;
import dev.baton.testkit.random.Property;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A plan's scope, frozen once per subset ({@link Scopes}), is the set the plan froze before
 * ({@code Set.copyOf(EnumSet.copyOf(scope))}), iteration order included; and the shared empty
 * frozen map reads as an empty map frozen afresh.
 */
class ScopesProperties {
  private static final PromotableProperty[] ALL = PromotableProperty.values();

  @Test
  void aFrozenScopeIsTheCopyThePlanMadeOfIt() {
    Property.forAll(Gen.of(r -> r.nextLong())).runs(2000).verify(seed -> {
      Random random = new Random(seed);
      List<PromotableProperty> picked = new ArrayList<>();
      for (PromotableProperty property : ALL) {
        if (random.nextBoolean()) {
          picked.add(property);
        }
      }
      Collections.shuffle(picked, random);
      Set<PromotableProperty> scope = switch (random.nextInt(5)) {
        case 0 -> new HashSet<>(picked);
        case 1 -> new LinkedHashSet<>(picked);
        case 2 -> new TreeSet<>(picked);
        case 3 -> picked.isEmpty() ? EnumSet.noneOf(PromotableProperty.class)
            : EnumSet.copyOf(picked);
        default -> Set.copyOf(picked);
      };
      Set<PromotableProperty> expected = scope.isEmpty() ? Set.of()
          : Set.copyOf(EnumSet.copyOf(scope));
      Set<PromotableProperty> frozen = Scopes.frozen(scope);
      assertThat(frozen).isEqualTo(expected);
      assertThat(new ArrayList<>(frozen)).isEqualTo(new ArrayList<>(expected));
      assertThat(frozen.getClass()).isEqualTo(expected.getClass());
      assertThat(Scopes.frozen(new HashSet<>(picked))).isSameAs(frozen);
      assertThatThrownBy(() -> frozen.add(PromotableProperty.VALUES))
          .isInstanceOf(UnsupportedOperationException.class);
      // as the plan keeps it
      assertThat(new PromotionPlan(scope, List.of(), List.of(), List.of(), List.of()).scope())
          .isSameAs(frozen);
    });
  }

  @Test
  void aNullPropertyIsRefusedAsBefore() {
    Set<PromotableProperty> withNull = new HashSet<>(Arrays.asList(
        PromotableProperty.IMAGE_TAGS, null));
    assertThatThrownBy(() -> Scopes.frozen(withNull)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new PromotionPlan(withNull, List.of(), List.of(), List.of(),
        List.of())).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new PromotionPlan(null, List.of(), List.of(), List.of(),
        List.of())).isInstanceOf(NullPointerException.class);
  }

  @Test
  void aScopeThatChangesWhileReadIsFrozenAsFirstReadAndSharesNothingWrong() {
    // every subset with RESOURCES but not VARIABLES: the first read holds RESOURCES (and maybe
    // more), the later reads VARIABLES too; what is stored must be the first read's subset
    for (int bits = 0; bits < 1 << ALL.length; bits++) {
      EnumSet<PromotableProperty> first = EnumSet.noneOf(PromotableProperty.class);
      for (PromotableProperty property : ALL) {
        if ((bits & 1 << property.ordinal()) != 0) {
          first.add(property);
        }
      }
      if (!first.contains(PromotableProperty.RESOURCES)
          || first.contains(PromotableProperty.VARIABLES)) {
        continue;
      }
      Set<PromotableProperty> expected = Set.copyOf(first);
      assertThat(Scopes.frozen(new Shifting(first))).isEqualTo(expected);
      assertThat(Scopes.frozen(EnumSet.copyOf(first))).isEqualTo(expected);
    }
  }

  /** A set that reads as {@code first} once, then with VARIABLES added: a live view. */
  private static final class Shifting extends AbstractSet<PromotableProperty> {
    private final Set<PromotableProperty> first;
    private final Set<PromotableProperty> later;
    private boolean read;

    Shifting(Set<PromotableProperty> first) {
      this.first = EnumSet.copyOf(first);
      this.later = EnumSet.copyOf(first);
      later.add(PromotableProperty.VARIABLES);
    }

    @Override
    public Iterator<PromotableProperty> iterator() {
      Set<PromotableProperty> now = read ? later : first;
      read = true;
      return now.iterator();
    }

    @Override
    public int size() {
      return read ? later.size() : first.size();
    }
  }

  @Test
  void theSharedEmptyMapReadsAsAnEmptyMapFrozenAfresh() {
    SortedMap<String, String> shared = FrozenSortedMap.owning(new TreeMap<>());
    SortedMap<String, String> fresh = FrozenSortedMap.copyOf(
        Collections.unmodifiableSortedMap(new TreeMap<>()));
    assertThat(FrozenSortedMap.<String, Integer>owning(new TreeMap<>())).isSameAs(shared);
    assertThat(shared).isEqualTo(fresh).isEmpty();
    assertThat(shared.hashCode()).isEqualTo(fresh.hashCode());
    assertThat(shared.toString()).isEqualTo(fresh.toString());
    assertThat(shared.comparator()).isNull();
    assertThatThrownBy(() -> shared.put("a", "b"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(shared.headMap("m")).isEmpty();
    // an empty map in another order keeps its comparator, so it is not the shared one
    TreeMap<String, String> reversed = new TreeMap<>(Collections.reverseOrder());
    SortedMap<String, String> own = FrozenSortedMap.owning(reversed);
    assertThat(own).isNotSameAs(shared);
    assertThat(own.comparator()).isEqualTo(Collections.reverseOrder());
  }
}

package dev.baton.manifests;

import dev.baton.model.PromotableProperty;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The frozen scope a {@link PromotionPlan} keeps. There are only as many scopes as subsets of
 * {@link PromotableProperty}, and every plan (one per request in a lifecycle) froze its scope
 * afresh (an {@link EnumSet}, a {@link java.util.HashSet} and an array inside
 * {@link Set#copyOf}): each subset is now frozen once, the same way, and shared. The same
 * construction gives the same set, iteration order included. The stored set is built from the
 * subset's bits, never from the caller's set a second time: a set that changed between two reads
 * (a live view, another thread) must not leave a wrong set shared by every later plan.
 * Thread-safe: two threads freezing one subset get the one set stored first.
 */
final class Scopes {
  private static final PromotableProperty[] ALL = PromotableProperty.values();
  private static final AtomicReferenceArray<Set<PromotableProperty>> FROZEN = table();

  private Scopes() {}

  /**
   * {@code Set.copyOf(EnumSet.copyOf(scope))}, or {@link Set#of()} for an empty scope; a null
   * element is refused with a {@link NullPointerException}, as there.
   */
  static Set<PromotableProperty> frozen(Set<PromotableProperty> scope) {
    int subset = 0;
    for (PromotableProperty property : scope) {
      subset |= 1 << property.ordinal();
    }
    Set<PromotableProperty> known = FROZEN.get(subset);
    if (known != null) {
      return known;
    }
    EnumSet<PromotableProperty> members = EnumSet.noneOf(PromotableProperty.class);
    for (PromotableProperty property : ALL) {
      if ((subset & 1 << property.ordinal()) != 0) {
        members.add(property);
      }
    }
    FROZEN.compareAndSet(subset, null, subset == 0 ? Set.of() : Set.copyOf(members));
    return FROZEN.get(subset);
  }

  // one slot per subset; the subsets are ints, so the enum must stay under 31 members
  private static AtomicReferenceArray<Set<PromotableProperty>> table() {
    if (ALL.length > 30) {
      throw new IllegalStateException("too many promotable properties for a subset table");
    }
    return new AtomicReferenceArray<>(1 << ALL.length);
  }
}

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
 * construction gives the same set, iteration order included. Thread-safe: two threads may both
 * freeze a subset; either result is the same immutable set.
 */
final class Scopes {
  private static final AtomicReferenceArray<Set<PromotableProperty>> FROZEN =
      new AtomicReferenceArray<>(1 << PromotableProperty.values().length);

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
    if (known == null) {
      known = scope.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(scope));
      FROZEN.set(subset, known);
    }
    return known;
  }
}

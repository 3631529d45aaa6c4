package dev.baton.examples.cli;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.model.PromotionId;
import dev.baton.spi.PromotionStore;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Resolves what a person typed to a promotion id: the full id, or any prefix of it that only one
 * promotion has ({@code p-3f2a}, or without the kind, {@code 3f2a}). Unknown and ambiguous
 * prefixes are refused with PROMOTION_NOT_FOUND. The store finds the ids by prefix
 * ({@link PromotionStore#findIdsByPrefix}), so resolving costs the same among ten promotions
 * as among a hundred thousand. Stateless.
 */
final class Ids {
  // An ambiguous prefix lists this many of its ids, and says whether there are more.
  private static final int SHOWN = 5;

  private Ids() {}

  /** The id the text names among every promotion in the store. */
  static PromotionId resolve(PromotionStore store, String text) {
    String typed = text.trim();
    if (typed.isEmpty()) {
      throw new BatonException(ErrorCode.PROMOTION_NOT_FOUND, "an empty id names no promotion");
    }
    Optional<PromotionId> exact = parse(typed).filter(id -> store.find(id).isPresent());
    if (exact.isPresent()) {
      return exact.get();
    }
    // The text starts the id, or starts it after the kind. Text that no id can start with (it
    // is not itself a valid id) finds nothing, as the store would refuse it.
    TreeSet<PromotionId> matches = new TreeSet<>();
    for (String prefix : List.of(typed, "p-" + typed)) {
      if (parse(prefix).isPresent()) {
        matches.addAll(store.findIdsByPrefix(prefix, SHOWN + 1));
      }
    }
    if (matches.size() == 1) {
      return matches.first();
    }
    if (matches.isEmpty()) {
      throw new BatonException(ErrorCode.PROMOTION_NOT_FOUND,
          "no promotion has an id starting with '" + typed + "'");
    }
    // Up to SHOWN matches each look-up answered all it found; beyond, only that there are more.
    boolean more = matches.size() > SHOWN;
    throw new BatonException(ErrorCode.PROMOTION_NOT_FOUND, "'" + typed + "' is ambiguous: it"
        + " starts " + (more ? "more than " + SHOWN : String.valueOf(matches.size())) + " ids ("
        + String.join(", ", matches.stream().limit(SHOWN).map(PromotionId::value).toList())
        + (more ? ", ..." : "") + "); type more of it");
  }

  private static Optional<PromotionId> parse(String text) {
    try {
      return Optional.of(PromotionId.of(text));
    } catch (BatonException e) {
      return Optional.empty();
    }
  }
}

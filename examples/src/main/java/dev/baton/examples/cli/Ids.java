package dev.baton.examples.cli;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.model.Page;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionQuery;
import dev.baton.spi.PromotionStore;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Resolves what a person typed to a promotion id: the full id, or any prefix of it that only one
 * promotion has ({@code p-3f2a}, or without the kind, {@code 3f2a}). Unknown and ambiguous
 * prefixes are refused with PROMOTION_NOT_FOUND. Stateless.
 */
final class Ids {
  private static final int PAGE = 1000;

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
    Set<PromotionId> matches = new TreeSet<>();
    PromotionQuery all = new PromotionQuery(Optional.empty(), Optional.empty(), Set.of(),
        Optional.empty(), Optional.empty(), Optional.empty(), false, 0, PAGE);
    int offset = 0;
    Page<Promotion> page;
    do {
      page = store.query(all.withPage(offset, PAGE));
      for (Promotion p : page.items()) {
        String id = p.id().value();
        if (id.startsWith(typed) || id.startsWith("p-" + typed)) {
          matches.add(p.id());
        }
      }
      offset += page.items().size();
    } while (page.hasMore() && !page.items().isEmpty());
    if (matches.size() == 1) {
      return matches.iterator().next();
    }
    if (matches.isEmpty()) {
      throw new BatonException(ErrorCode.PROMOTION_NOT_FOUND,
          "no promotion has an id starting with '" + typed + "'");
    }
    throw new BatonException(ErrorCode.PROMOTION_NOT_FOUND, "'" + typed + "' is ambiguous: it"
        + " starts " + matches.size() + " ids (" + String.join(", ", matches.stream().limit(5)
        .map(PromotionId::value).toList()) + (matches.size() > 5 ? ", ..." : "")
        + "); type more of it");
  }

  private static Optional<PromotionId> parse(String text) {
    try {
      return Optional.of(PromotionId.of(text));
    } catch (BatonException e) {
      return Optional.empty();
    }
  }
}

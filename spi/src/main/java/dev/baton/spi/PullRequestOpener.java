package dev.baton.spi;

import dev.baton.model.PromotionId;
import dev.baton.model.PullRequestState;

/**
 * Port that opens a pull (merge) request on the hosting service for a promotion written to its own
 * branch, and says whether it was merged or closed. Thread-safe.
 */
@FunctionalInterface
public interface PullRequestOpener {

  /**
   * Opens a request to merge {@code branch} into {@code base} and returns a reference to it (a
   * URL or number). Opening the same promotion twice must return the same reference.
   */
  String open(PromotionId promotion, String branch, String base, String title, String body);

  /**
   * Optional ability: where the request {@code reference} (as {@link #open} returned it) stands.
   * The default answers {@link PullRequestState#OPEN}: the repository then learns of a merge by
   * finding the promotion on the base branch, and never learns of a closed request. An adapter
   * for a hosting service answers CLOSED for a request closed without merging, so that the
   * promotion ends visibly instead of waiting for ever; MERGED lets a promotion whose merge
   * commit lost its {@code Promotion-Id:} trailer count as delivered. A failure may throw; the
   * promotion then keeps waiting and is asked about again.
   */
  default PullRequestState state(String reference) {
    return PullRequestState.OPEN;
  }
}

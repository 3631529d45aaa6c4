package dev.baton.spi;

import dev.baton.model.PromotionId;

/**
 * Port that opens a pull (merge) request on the hosting service for a promotion written to its own
 * branch. Thread-safe.
 */
@FunctionalInterface
public interface PullRequestOpener {

  /**
   * Opens a request to merge {@code branch} into {@code base} and returns a reference to it (a
   * URL or number). Opening the same promotion twice must return the same reference.
   */
  String open(PromotionId promotion, String branch, String base, String title, String body);
}

package dev.baton.model;

/**
 * A capability a project's plan may or may not include; decided by the feature-gate port.
 *
 * @since 0.1
 */
public enum Feature {
  /**
   * Promotions at all: without it every promotion operation answers FEATURE_NOT_AVAILABLE.
   *
   * @since 0.1
   */
  PROMOTIONS,
  /**
   * Pipelines with transitions and approvals per transition.
   *
   * @since 0.1
   */
  PIPELINES,
  /**
   * Promotion previews.
   *
   * @since 0.1
   */
  PREVIEW,
  /**
   * Promotion history and the approvals inbox.
   *
   * @since 0.1
   */
  HISTORY,
  /**
   * Quorums above one approval and other advanced policies.
   *
   * @since 0.1
   */
  ADVANCED_POLICIES
}

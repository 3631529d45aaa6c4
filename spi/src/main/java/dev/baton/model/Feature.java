package dev.baton.model;

/**
 * A capability a project's plan may or may not include; decided by the feature-gate port.
 *
 * <p>Immutable and thread-safe, as every enum.
 *
 * @since 0.1
 */
public enum Feature {
  /**
   * Promotions at all: without it every promotion verb and read answers FEATURE_NOT_AVAILABLE (the
   * approvals inbox leaves the project out; recovery is not gated).
   *
   * @since 0.1
   */
  PROMOTIONS,
  /**
   * Replacing pipelines, with transitions and approvals per transition (reading a pipeline is not
   * gated).
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
   * Promotion history ({@code Promotions.history}). The approvals inbox does not ask for it.
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

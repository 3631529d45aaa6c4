package dev.baton.model;

/** A capability a project's plan may or may not include; decided by the feature-gate port. */
public enum Feature {
  /** Promotions at all: without it every promotion operation answers FEATURE_NOT_AVAILABLE. */
  PROMOTIONS,
  /** Pipelines with transitions and approvals per transition. */
  PIPELINES,
  /** Promotion previews. */
  PREVIEW,
  /** Promotion history and the approvals inbox. */
  HISTORY,
  /** Quorums above one approval and other advanced policies. */
  ADVANCED_POLICIES
}

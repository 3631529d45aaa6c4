package dev.baton.model;

/**
 * The outcome of an {@link EnvironmentWrite}.
 *
 * @param status written, already written, or stale
 * @param revision the new (or existing) revision for WRITTEN and ALREADY_WRITTEN; the current
 *     revision for STALE
 */
public record WriteResult(WriteStatus status, Revision revision) {
  /** Validates. */
  public WriteResult {
    Checks.notNull(status, "status");
    Checks.notNull(revision, "revision");
  }
}

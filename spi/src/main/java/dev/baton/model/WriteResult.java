package dev.baton.model;

import dev.baton.error.Arguments;

/**
 * The outcome of an {@link EnvironmentWrite}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param status written, already written, or stale
 * @param revision the new (or existing) revision for WRITTEN and ALREADY_WRITTEN; the current
 *     revision for STALE
 * @since 0.1
 */
public record WriteResult(WriteStatus status, Revision revision) {
  /**
   * Validates.
   *
   * @param status written, already written, or stale
   * @param revision the new (or existing) revision for WRITTEN and ALREADY_WRITTEN; the current
   *     revision for STALE
   * @since 0.1
   */
  public WriteResult {
    Arguments.notNull(status, "status");
    Arguments.notNull(revision, "revision");
  }
}

package dev.baton.model;

import dev.baton.error.Arguments;

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
    Arguments.notNull(status, "status");
    Arguments.notNull(revision, "revision");
  }
}

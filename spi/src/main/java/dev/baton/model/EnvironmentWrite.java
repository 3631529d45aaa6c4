package dev.baton.model;

import dev.baton.error.Arguments;
import java.util.List;

/**
 * A set of file changes to one environment folder, to be applied as one atomic unit (one Git
 * commit), only if the environment is still at {@code expectedRevision}.
 *
 * <p>Immutable and thread-safe: collections are copied when it is built.
 *
 * @param project the project
 * @param environment the environment whose folder changes
 * @param expectedRevision the revision the changes were computed from
 * @param changes the file changes; may be empty (a promotion that changes nothing still records)
 * @param commit what the write says about itself
 * @since 0.1
 */
public record EnvironmentWrite(
    ProjectId project, EnvironmentName environment, Revision expectedRevision,
    List<FileChange> changes, CommitInfo commit) {
  /**
   * Validates and copies.
   *
   * @param project the project
   * @param environment the environment whose folder changes
   * @param expectedRevision the revision the changes were computed from
   * @param changes the file changes; may be empty (a promotion that changes nothing still records)
   * @param commit what the write says about itself
   * @since 0.1
   */
  public EnvironmentWrite {
    Arguments.notNull(project, "project");
    Arguments.notNull(environment, "environment");
    Arguments.notNull(expectedRevision, "expected revision");
    changes = List.copyOf(Arguments.notNull(changes, "changes"));
    Arguments.notNull(commit, "commit info");
  }
}

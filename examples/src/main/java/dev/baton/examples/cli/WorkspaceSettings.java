package dev.baton.examples.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to open a {@link Workspace}: the repository folder and the overrides given on the command
 * line. Immutable.
 *
 * @param repository the repository's work tree (or a folder inside it) or its Git directory
 * @param branch the branch environments live on, if given
 * @param user the acting user, if given
 * @param project the project, if given
 * @param instanceId the engine's instance id, if given
 * @param claimLease after how long another process's execution claim counts as abandoned
 */
record WorkspaceSettings(Path repository, Optional<String> branch, Optional<String> user,
    Optional<String> project, Optional<String> instanceId, Duration claimLease) {

  /** Validates. */
  WorkspaceSettings {
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(claimLease, "claimLease");
  }

  /** The settings the global options give. */
  static WorkspaceSettings of(BatonCli globals, Path repository) {
    return new WorkspaceSettings(repository, Optional.ofNullable(globals.branch),
        Optional.ofNullable(globals.as), Optional.ofNullable(globals.project),
        Optional.ofNullable(globals.instanceId), Duration.ofMinutes(10));
  }

  /** Defaults only, for a repository. */
  static WorkspaceSettings of(Path repository) {
    return new WorkspaceSettings(repository, Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Duration.ofMinutes(10));
  }

  /** These settings with another claim lease. */
  WorkspaceSettings withClaimLease(Duration lease) {
    return new WorkspaceSettings(repository, branch, user, project, instanceId, lease);
  }
}

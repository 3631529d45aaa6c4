package dev.baton.examples.cli;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import picocli.CommandLine;

/**
 * How to open a {@link Workspace}: the repository folder and the overrides given on the command
 * line. Immutable.
 *
 * @param repository the repository's work tree (or a folder inside it) or its Git directory
 * @param branch the branch environments live on, if given
 * @param user the acting user, if given
 * @param project the project, if given
 * @param instanceId the engine's instance id, if given
 * @param claimLease after how long without renewal another process's execution claim counts as
 *     abandoned
 * @param store the PostgreSQL store of promotions, pipelines and freezes, if given (else they
 *     live on {@code refs/baton/state})
 */
record WorkspaceSettings(Path repository, Optional<String> branch, Optional<String> user,
    Optional<String> project, Optional<String> instanceId, Duration claimLease,
    Optional<StoreUrl> store) {
  /** The environment variable that sets the claim lease. */
  static final String LEASE_VARIABLE = "BATON_CLAIM_LEASE";
  private static final Duration DEFAULT_LEASE = Duration.ofMinutes(10);

  /** Validates. */
  WorkspaceSettings {
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(claimLease, "claimLease");
    Objects.requireNonNull(store, "store");
  }

  /** The settings the global options give. */
  static WorkspaceSettings of(BatonCli globals, Path repository) {
    return new WorkspaceSettings(repository, Optional.ofNullable(globals.branch),
        Optional.ofNullable(globals.as), Optional.ofNullable(globals.project),
        Optional.ofNullable(globals.instanceId), defaultClaimLease(), store(globals));
  }

  /** Defaults only, for a repository. */
  static WorkspaceSettings of(Path repository) {
    return new WorkspaceSettings(repository, Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), defaultClaimLease(), Optional.empty());
  }

  /** These settings with the store the global options name. */
  WorkspaceSettings withStore(Optional<StoreUrl> value) {
    return new WorkspaceSettings(repository, branch, user, project, instanceId, claimLease,
        value);
  }

  /**
   * The PostgreSQL store {@code --store} (default {@value StoreUrl#STORE_VARIABLE}) names, if
   * any; a usage error (exit code 2) when the URL is not one, or with {@code --remote}.
   */
  static Optional<StoreUrl> store(BatonCli globals) {
    if (globals.store == null || globals.store.isBlank()) {
      return Optional.empty();
    }
    if (globals.remote != null) {
      throw new CommandLine.ParameterException(globals.spec.commandLine(), "--remote shares"
          + " refs/baton/state with a Git remote, but with --store (or "
          + StoreUrl.STORE_VARIABLE + ") promotions, pipelines and freezes live in PostgreSQL,"
          + " which every process shares already: leave out --remote (push and fetch the"
          + " environment branch with git)");
    }
    try {
      return Optional.of(StoreUrl.parse(globals.store,
          Optional.ofNullable(System.getenv(StoreUrl.PASSWORD_VARIABLE))));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(globals.spec.commandLine(),
          "--store (or " + StoreUrl.STORE_VARIABLE + "): " + e.getMessage());
    }
  }

  /**
   * The claim lease: {@value #LEASE_VARIABLE} when set (a short one lets tests run a deploy
   * longer than the lease), else 10 minutes. A running execution renews its claim every third.
   *
   * @throws BatonException INVALID_ARGUMENT when the variable is not a positive duration
   */
  static Duration defaultClaimLease() {
    String text = System.getenv(LEASE_VARIABLE);
    if (text == null || text.isBlank()) {
      return DEFAULT_LEASE;
    }
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, LEASE_VARIABLE + ": "
          + e.getMessage());
    }
  }
}

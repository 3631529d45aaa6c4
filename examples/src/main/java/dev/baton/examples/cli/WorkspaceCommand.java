package dev.baton.examples.cli;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.model.UserId;
import java.time.Instant;

/**
 * A command on an existing repository: opens the {@link Workspace}, runs, and brings a
 * checked-out work tree up to date with what Baton committed. A subclass implements
 * {@link #call(Workspace, Output)}. Not thread-safe.
 */
abstract class WorkspaceCommand extends CliCommand {

  @Override
  public Integer call() throws Exception {
    return run(WorkspaceSettings.of(globals(), repoPath()));
  }

  /**
   * Opens the workspace with these settings and runs the command in it; with the global
   * {@code --remote}, between a fetch and a push of the state (see {@link StateRemote}).
   */
  Integer run(WorkspaceSettings settings) throws Exception {
    String remote = globals().remote;
    return remote == null ? runLocally(settings)
        : StateRemote.around(settings, remote, output(), () -> runLocally(settings));
  }

  private Integer runLocally(WorkspaceSettings settings) throws Exception {
    Output out = output();
    try {
      return runIn(settings, out);
    } catch (BatonException e) {
      if (e.code() != ErrorCode.WRITE_CONFLICT) {
        throw e;
      }
      // A lock file a killed process left behind looks like endless contention: say so.
      throw Workspace.onRepository(settings,
          (repository, branch) -> StaleLocks.advise(e, repository, branch, Instant.now()));
    }
  }

  private Integer runIn(WorkspaceSettings settings, Output out) throws Exception {
    try (Workspace workspace = Workspace.open(settings)) {
      workspace.notices().forEach(out::warn);
      try {
        return call(workspace, out);
      } catch (BatonException e) {
        throw e.code() == ErrorCode.PROMOTION_IN_PROGRESS
            ? PromotionCommands.withClaimAdvice(e, workspace, settings.claimLease()) : e;
      } finally {
        workspace.syncWorkTree().ifPresent(out::warn);
        out.flush();
      }
    }
  }

  /** Runs the command; returns its exit code. */
  abstract Integer call(Workspace workspace, Output out) throws Exception;

  /** The acting user: {@code --as}, else {@code git config user.email}; a usage error if none. */
  UserId user(Workspace workspace) {
    return workspace.user().orElseThrow(
        () -> usage("who are you? pass --as USER, or set git config user.email"));
  }
}

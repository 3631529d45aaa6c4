package dev.baton.examples.cli;

import dev.baton.model.UserId;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What every command shares: the global options of {@link BatonCli}, the output and the opening
 * of the {@link Workspace}. A subclass implements {@link #call(Workspace, Output)}. Not
 * thread-safe.
 */
abstract class BaseCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandSpec spec;

  /** The root command holding the global options. */
  BatonCli globals() {
    return (BatonCli) spec.root().userObject();
  }

  /** The output of this invocation. */
  Output output() {
    CommandLine line = spec.commandLine();
    return new Output(line.getOut(), line.getErr(), globals().json);
  }

  /** The repository folder the global {@code --repo} names (default: the current folder). */
  Path repoPath() {
    return (globals().repo == null ? Path.of("") : globals().repo).toAbsolutePath().normalize();
  }

  @Override
  public Integer call() throws Exception {
    return run(WorkspaceSettings.of(globals(), repoPath()));
  }

  /** Opens the workspace, runs the command, and brings a checked-out work tree up to date. */
  Integer run(WorkspaceSettings settings) throws Exception {
    Output out = output();
    try (Workspace workspace = Workspace.open(settings)) {
      try {
        return call(workspace, out);
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
    return workspace.user().orElseThrow(() -> new CommandLine.ParameterException(
        spec.commandLine(), "who are you? pass --as USER, or set git config user.email"));
  }
}

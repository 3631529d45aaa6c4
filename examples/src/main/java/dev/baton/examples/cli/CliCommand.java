package dev.baton.examples.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What every command shares: the global options of {@link BatonCli}, the output, the repository
 * folder. Commands that act on an existing repository extend {@link WorkspaceCommand}. Not
 * thread-safe.
 */
abstract class CliCommand implements Callable<Integer> {

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

  /** The folder the global {@code --repo} names (default: the current folder), absolute. */
  Path repoPath() {
    return (globals().repo == null ? Path.of("") : globals().repo).toAbsolutePath().normalize();
  }

  /** A usage error (exit code 2) about this command. */
  CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}

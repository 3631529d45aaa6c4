package dev.baton.examples.cli;

import java.util.List;
import java.util.Map;

/**
 * One bad input given to the {@code baton} command line: its family, what is bad, the exit code
 * and refusal code expected (none for a usage error), whether it runs as a real process, files
 * committed on the branch first (undone afterwards), and the arguments. In the arguments
 * {@code {pending}} and {@code {completed}} stand for the ids of the repository's two promotions
 * and {@code {file:NAME}} for a prepared file outside the repository.
 *
 * @param family what kind of input
 * @param name what is wrong with it
 * @param exit the exit code
 * @param code the refusal's error code, or null for a usage error
 * @param process whether to run {@code java -jar baton.jar} (else the same code in-process)
 * @param commit files committed on the branch before the command, by path
 * @param args the arguments (the suite adds {@code --repo} and, in-process, {@code --json})
 */
record CliCase(String family, String name, int exit, String code, boolean process,
    Map<String, byte[]> commit, List<String> args) {

  /** A refusal (exit code 3) with its code. */
  static CliCase refused(String family, String name, String code, String... args) {
    return new CliCase(family, name, BatonCli.EXIT_REFUSED, code, false, Map.of(),
        List.of(args));
  }

  /** A usage error (exit code 2). */
  static CliCase usage(String family, String name, String... args) {
    return new CliCase(family, name, 2, null, false, Map.of(), List.of(args));
  }

  /** The same case, run as a real process. */
  CliCase asProcess() {
    return new CliCase(family, name, exit, code, true, commit, args);
  }

  /** The same case, with files committed on the branch first. */
  CliCase committing(Map<String, byte[]> files) {
    return new CliCase(family, name, exit, code, process, files, args);
  }

  @Override
  public String toString() {
    return family + ": " + name + (process ? " [process]" : "");
  }
}

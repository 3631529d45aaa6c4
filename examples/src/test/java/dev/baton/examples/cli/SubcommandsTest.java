package dev.baton.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * Registering only the command an invocation names prints exactly what registering all of them
 * prints: help, versions and usage errors, compared line for line (none of these arguments
 * reaches a repository).
 */
class SubcommandsTest {

  @TempDir
  Path tmp;

  @Test
  void theTableNamesEachCommandAsItsAnnotationDoes() {
    for (Map.Entry<String, Class<?>> command : Subcommands.ALL.entrySet()) {
      assertThat(command.getValue().getAnnotation(CommandLine.Command.class).name())
          .isEqualTo(command.getKey());
    }
    assertThat(Subcommands.ALL).hasSize(21);
  }

  @Test
  void anInvocationThatNamesACommandGetsThatOneOnly() {
    assertThat(Subcommands.neededFor("pipeline", "show"))
        .containsExactly(PipelineCommands.class);
    assertThat(Subcommands.neededFor("--repo", "/r", "--json", "--debug", "history", "--limit",
        "5")).containsExactly(HistoryCommands.History.class);
    assertThat(Subcommands.neededFor("--store=jdbc:x", "--as", "a@b", "show", "pipeline"))
        .containsExactly(PromotionCommands.Show.class);
    assertThat(Subcommands.neededFor("serve", "--port", "0"))
        .containsExactly(ServeCommand.class);
    assertThat(Subcommands.neededFor("--version")).isEmpty();
  }

  @Test
  void anythingElseGetsEveryCommand() {
    List<Class<?>> all = Subcommands.all();
    assertThat(Subcommands.neededFor()).isEqualTo(all);
    assertThat(Subcommands.neededFor("--help")).isEqualTo(all);
    assertThat(Subcommands.neededFor("-h", "pipeline")).isEqualTo(all);
    assertThat(Subcommands.neededFor("help", "pipeline")).isEqualTo(all);
    assertThat(Subcommands.neededFor("pipelin", "show")).isEqualTo(all);
    assertThat(Subcommands.neededFor("--project", "history", "pipeline")).isEqualTo(all);
    assertThat(Subcommands.neededFor("--project=history", "pipeline")).isEqualTo(all);
    assertThat(Subcommands.neededFor("--repo")).isEqualTo(all);
    assertThat(Subcommands.neededFor("--json", "--version")).isEqualTo(all);
    assertThat(Subcommands.neededFor("--", "pipeline")).isEqualTo(all);
    assertThat(Subcommands.neededFor("@args.txt")).isEqualTo(all);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "--help", "-h", "--version", "-V", "help", "help pipeline", "help nothing",
      "pipeline", "pipeline --help", "pipeline show --help", "pipeline set --help",
      "pipeline shw", "state --help", "serve --help", "demo --help", "break-glass --help",
      "history --colour", "history --colour --json", "--json history --colour",
      "request --from dev", "--json request --from dev", "show", "show a b",
      "pipelin show", "promote", "--bogus pipeline show", "--project history pipeline show",
      "--project=history pipeline show", "--repo", "--json", "--debug --json --help",
      "-- pipeline show", "pipeline show --format", "--version pipeline show",
      "history --help --json", "freeze", "preview --from", "init --help"})
  void printsWhatTheWholeCommandLinePrints(String line) {
    // Every line names a folder that is no repository: none may reach one by mistake.
    List<String> words = new ArrayList<>(List.of("--repo", tmp.toString()));
    List<String> typed = line.isEmpty() ? List.of() : List.of(line.split(" "));
    words.addAll(typed);
    List<List<String>> variants = new ArrayList<>(List.of(words));
    if (typed.stream().allMatch(Set.of("-h", "--help", "-V", "--version", "help", "--json",
        "--debug", "pipeline")::contains)) {
      variants.add(typed); // without the --repo in front: only help, which reads nothing
    }
    for (List<String> args : variants) {
      String[] argv = args.toArray(String[]::new);

      Outcome lazy = run(Subcommands.neededFor(argv), argv);
      Outcome whole = run(Subcommands.all(), argv);

      assertThat(lazy).as(String.join(" ", args)).isEqualTo(whole);
    }
  }

  private record Outcome(int exit, String out, String err) { }

  private static Outcome run(List<Class<?>> commands, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = BatonCli.run(new PrintWriter(out), new PrintWriter(err), commands, args);
    return new Outcome(exit, out.toString(), err.toString());
  }
}

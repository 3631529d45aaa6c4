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
    assertThat(Subcommands.GROUPS).containsOnlyKeys(PipelineCommands.class, StateCommands.class);
    for (Map.Entry<Class<?>, Map<String, Class<?>>> group : Subcommands.GROUPS.entrySet()) {
      assertThat(Subcommands.ALL).containsValue(group.getKey());
      // picocli would build every command the annotation names, whatever the table says
      assertThat(group.getKey().getAnnotation(CommandLine.Command.class).subcommands()).isEmpty();
      for (Map.Entry<String, Class<?>> command : group.getValue().entrySet()) {
        assertThat(command.getValue().getAnnotation(CommandLine.Command.class).name())
            .isEqualTo(command.getKey());
      }
    }
    assertThat(Subcommands.GROUPS.get(PipelineCommands.class)).containsOnlyKeys("show", "set");
    assertThat(Subcommands.GROUPS.get(StateCommands.class))
        .containsOnlyKeys("fetch", "push", "accept");
  }

  @Test
  void anInvocationThatNamesACommandGetsThatOneOnly() {
    assertThat(Subcommands.neededFor("pipeline", "show"))
        .isEqualTo(one(PipelineCommands.class, PipelineCommands.Show.class));
    assertThat(Subcommands.neededFor("--repo", "/r", "--json", "--debug", "history", "--limit",
        "5")).isEqualTo(one(HistoryCommands.History.class, null));
    assertThat(Subcommands.neededFor("--store=jdbc:x", "--as", "a@b", "show", "pipeline"))
        .isEqualTo(one(PromotionCommands.Show.class, null));
    assertThat(Subcommands.neededFor("serve", "--port", "0"))
        .isEqualTo(one(ServeCommand.class, null));
    assertThat(Subcommands.neededFor("--version").commands()).isEmpty();
  }

  @Test
  void anInvocationThatGoesOnIntoAGroupGetsTheCommandItNamesThereOnly() {
    assertThat(Subcommands.neededFor("--json", "pipeline", "--repo", "/r", "--debug", "set",
        "f.yaml")).isEqualTo(one(PipelineCommands.class, PipelineCommands.Replace.class));
    assertThat(Subcommands.neededFor("pipeline", "--project=shop", "show", "--yaml"))
        .isEqualTo(one(PipelineCommands.class, PipelineCommands.Show.class));
    assertThat(Subcommands.neededFor("--remote", "o", "state", "fetch"))
        .isEqualTo(one(StateCommands.class, StateCommands.Fetch.class));
    assertThat(Subcommands.neededFor("state", "accept"))
        .isEqualTo(one(StateCommands.class, StateCommands.Accept.class));
    assertThat(Subcommands.neededFor("pipeline", "show").namesOneCommand()).isTrue();
    assertThat(Subcommands.neededFor("history").namesOneCommand()).isTrue();

    Subcommands.Selection show = Subcommands.neededFor("pipeline", "show");
    assertThat(show.line(PipelineCommands.class).getSubcommands()).containsOnlyKeys("show");
    assertThat(Subcommands.all().line(PipelineCommands.class).getSubcommands().keySet())
        .containsExactly("show", "set");
    assertThat(Subcommands.all().line(StateCommands.class).getSubcommands().keySet())
        .containsExactly("fetch", "push", "accept");
    assertThat(show.line(HistoryCommands.History.class).getSubcommands()).isEmpty();
  }

  @Test
  void aGroupGetsAllItsCommandsUnlessTheArgumentsPlainlyNameOne() {
    for (String line : List.of("pipeline", "pipeline --help", "pipeline -h show",
        "pipeline --version", "pipeline -V show", "pipeline shw", "pipeline SHOW",
        "pipeline help show", "pipeline -- show", "pipeline @args.txt", "pipeline --bogus show",
        "pipeline --repo show", "pipeline --repo", "pipeline --project=set show",
        "pipeline --as history show", "pipeline --as=init set", "state", "state --json",
        "state fech", "state --remote push fetch")) {
      Subcommands.Selection selection = Subcommands.neededFor(line.split(" "));
      Class<?> group = Subcommands.ALL.get(line.split(" ")[0]);
      assertThat(selection).as(line).isEqualTo(one(group, null));
      assertThat(selection.namesOneCommand()).as(line).isFalse();
    }
  }

  @Test
  void anythingElseGetsEveryCommand() {
    Subcommands.Selection all = Subcommands.all();
    assertThat(all.commands()).isEqualTo(List.copyOf(Subcommands.ALL.values()));
    assertThat(all.nested()).isNull();
    assertThat(Subcommands.neededFor()).isEqualTo(all);
    assertThat(Subcommands.neededFor("--help")).isEqualTo(all);
    assertThat(Subcommands.neededFor("-h", "pipeline")).isEqualTo(all);
    assertThat(Subcommands.neededFor("help", "pipeline")).isEqualTo(all);
    assertThat(Subcommands.neededFor("help", "pipeline", "show")).isEqualTo(all);
    assertThat(Subcommands.neededFor("pipelin", "show")).isEqualTo(all);
    assertThat(Subcommands.neededFor("--project", "history", "pipeline")).isEqualTo(all);
    assertThat(Subcommands.neededFor("--project=history", "pipeline")).isEqualTo(all);
    assertThat(Subcommands.neededFor("--project", "set", "pipeline", "show")).isEqualTo(all);
    assertThat(Subcommands.neededFor("--repo")).isEqualTo(all);
    assertThat(Subcommands.neededFor("--json", "--version")).isEqualTo(all);
    assertThat(Subcommands.neededFor("--", "pipeline")).isEqualTo(all);
    assertThat(Subcommands.neededFor("@args.txt")).isEqualTo(all);
    assertThat(all.namesOneCommand()).isFalse();
  }

  private static Subcommands.Selection one(Class<?> command, Class<?> nested) {
    return new Subcommands.Selection(List.of(command), nested);
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
      "history --help --json", "freeze", "preview --from", "init --help",
      // a group and its commands
      "pipeline -h", "pipeline --version", "pipeline -V", "pipeline show -h",
      "pipeline show --version", "pipeline show --mermaid --dot", "pipeline show extra",
      "pipeline show show", "pipeline show set", "pipeline show st", "pipeline show --bogus",
      "pipeline show --json --bogus", "pipeline set", "pipeline set --json",
      "pipeline set --mermaid", "pipeline sho", "pipeline SHOW", "pipeline bogus --json",
      "pipeline --bogus show", "pipeline --repo show", "pipeline --repo=show show",
      "pipeline --project show", "pipeline --project=show show", "pipeline --as history show",
      "pipeline help", "pipeline help show", "pipeline -- show", "pipeline @args.txt",
      "pipeline --help show", "pipeline -h set", "pipeline show --help set", "pipeline --json",
      "--json pipeline shw", "--json pipeline set", "help pipeline show", "help state fetch",
      "state", "state -h", "state fetch --help", "state push --help", "state accept --help",
      "state fech", "state fetch --bogus", "state fetch extra", "state fetch push",
      "state fetch psh", "state --json", "--json state", "state --remote fetch",
      "state --remote=push fetch"})
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

  private static Outcome run(Subcommands.Selection commands, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = BatonCli.run(new PrintWriter(out), new PrintWriter(err), commands, args);
    return new Outcome(exit, out.toString(), err.toString());
  }
}

package dev.baton.examples.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;

/**
 * The top-level commands of {@code baton}, in the order the help lists them, and which of them
 * an invocation needs. Picocli builds the model of every command it is given by reflection
 * before it parses anything, which was about half of a short command's start; so an invocation
 * that plainly names one command gets only that one, and anything picocli might answer with the
 * whole list (help, a mistyped name, an option it does not know, an argument file) gets all of
 * them, so that what is printed stays exactly the same. Stateless; thread-safe.
 */
final class Subcommands {

  /** Every top-level command by its name ({@code @Command(name)}), in the help's order. */
  static final Map<String, Class<?>> ALL = inOrder(
      Map.entry("init", InitCommand.class),
      Map.entry("pipeline", PipelineCommands.class),
      Map.entry("preview", PreviewCommand.class),
      Map.entry("request", PromotionCommands.Request.class),
      Map.entry("approve", PromotionCommands.Approve.class),
      Map.entry("reject", PromotionCommands.Reject.class),
      Map.entry("withdraw", PromotionCommands.Withdraw.class),
      Map.entry("deploy", PromotionCommands.Deploy.class),
      Map.entry("resume", PromotionCommands.Resume.class),
      Map.entry("show", PromotionCommands.Show.class),
      Map.entry("history", HistoryCommands.History.class),
      Map.entry("inbox", HistoryCommands.Inbox.class),
      Map.entry("envs", EnvironmentCommands.Environments.class),
      Map.entry("freeze", EnvironmentCommands.Freeze.class),
      Map.entry("unfreeze", EnvironmentCommands.Unfreeze.class),
      Map.entry("break-glass", EnvironmentCommands.BreakGlass.class),
      Map.entry("recover", PromotionCommands.Recover.class),
      Map.entry("state", StateCommands.class),
      Map.entry("serve", ServeCommand.class),
      Map.entry("demo", DemoCommand.class),
      Map.entry("help", CommandLine.HelpCommand.class));

  /** The global options of {@link BatonCli} that take a value (the next argument). */
  private static final Set<String> VALUE_OPTIONS = Set.of("--repo", "--branch", "--as",
      "--project", "--instance-id", "--remote", "--store");
  /** The global options of {@link BatonCli} that take none, other than help and version. */
  private static final Set<String> FLAGS = Set.of("--json", "--debug");

  private Subcommands() {
  }

  /**
   * The commands to register for these arguments: the one they name, walking over the global
   * options before it the way picocli does; none for a lone {@code --version}; all of them
   * whenever the arguments are anything else.
   */
  static List<Class<?>> neededFor(String... args) {
    if (args.length == 1 && (args[0].equals("-V") || args[0].equals("--version"))) {
      return List.of();
    }
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      Class<?> named = ALL.get(arg);
      if (named != null) {
        // 'help' lists every command, or helps with one picocli must find among them all.
        return named == CommandLine.HelpCommand.class ? all() : List.of(named);
      }
      int equals = arg.indexOf('=');
      if (equals > 0 && VALUE_OPTIONS.contains(arg.substring(0, equals))) {
        if (ALL.containsKey(arg.substring(equals + 1))) {
          return all();
        }
        continue;
      }
      if (VALUE_OPTIONS.contains(arg)) {
        // Picocli refuses a command's name as an option's value; let it, with every name.
        i++;
        if (i >= args.length || ALL.containsKey(args[i])) {
          return all();
        }
        continue;
      }
      if (!FLAGS.contains(arg)) {
        return all(); // help, an unknown option or command, '--', '@file': picocli decides
      }
    }
    return all(); // no command: the usage lists them all
  }

  /** Every top-level command, in the help's order. */
  static List<Class<?>> all() {
    return List.copyOf(ALL.values());
  }

  @SafeVarargs
  private static Map<String, Class<?>> inOrder(Map.Entry<String, Class<?>>... commands) {
    Map<String, Class<?>> map = new LinkedHashMap<>();
    for (Map.Entry<String, Class<?>> command : commands) {
      map.put(command.getKey(), command.getValue());
    }
    return Collections.unmodifiableMap(map);
  }
}

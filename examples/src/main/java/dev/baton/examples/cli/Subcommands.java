package dev.baton.examples.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;

/**
 * The commands of {@code baton}, in the order the help lists them, and which of them an
 * invocation needs. Picocli builds the model of every command it is given by reflection before
 * it parses anything, which was about half of a short command's start; so an invocation that
 * plainly names one command gets only that one, and one that goes on to name a command of a
 * group ({@code pipeline show}) gets the group with that one command only. Anything picocli
 * might answer with a whole list (help, a mistyped name, an option it does not know, an argument
 * file, a group alone) gets all of that list, so that what is printed stays exactly the same.
 * The groups therefore name their commands here, not in their {@code @Command} annotations
 * (picocli would build every command an annotation names). Stateless; thread-safe.
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

  /** The commands of each group by their names, in the help's order. */
  static final Map<Class<?>, Map<String, Class<?>>> GROUPS = Map.of(
      PipelineCommands.class, inOrder(
          Map.entry("show", PipelineCommands.Show.class),
          Map.entry("set", PipelineCommands.Replace.class)),
      StateCommands.class, inOrder(
          Map.entry("fetch", StateCommands.Fetch.class),
          Map.entry("push", StateCommands.Push.class),
          Map.entry("accept", StateCommands.Accept.class)));

  /** The global options of {@link BatonCli} that take a value (the next argument). */
  private static final Set<String> VALUE_OPTIONS = Set.of("--repo", "--branch", "--as",
      "--project", "--instance-id", "--remote", "--store");
  /** The global options of {@link BatonCli} that take none, other than help and version. */
  private static final Set<String> FLAGS = Set.of("--json", "--debug");

  private Subcommands() {
  }

  /**
   * What an invocation registers: the top-level {@code commands}, each group among them with all
   * of its commands, except the group a one-command invocation goes on into, which gets the one
   * command it names ({@code nested}; null when there is none).
   */
  record Selection(List<Class<?>> commands, Class<?> nested) {

    /** Whether the arguments name one command to run, not a group alone (nor help). */
    boolean namesOneCommand() {
      return commands.size() == 1 && (!GROUPS.containsKey(commands.get(0)) || nested != null);
    }

    /**
     * Whether this is {@code pipeline show}'s selection, whose model {@link PipelineShowModel}
     * builds without the annotations.
     */
    boolean isPipelineShow() {
      return nested == PipelineCommands.Show.class;
    }

    /**
     * The model of one of {@link #commands}: the command and, for a group, its commands (only
     * {@link #nested} when that is one of them), in the help's order.
     */
    CommandLine line(Class<?> command) {
      CommandLine line = new CommandLine(command);
      Map<String, Class<?>> members = GROUPS.getOrDefault(command, Map.of());
      for (Class<?> member : members.values()) {
        if (nested == null || !members.containsValue(nested) || member == nested) {
          line.addSubcommand(member);
        }
      }
      return line;
    }
  }

  /**
   * The commands to register for these arguments: the one they name, walking over the global
   * options before it the way picocli does, and of a group the one command named next the same
   * way; none for a lone {@code --version}; all of them whenever the arguments are anything else.
   */
  static Selection neededFor(String... args) {
    if (args.length == 1 && (args[0].equals("-V") || args[0].equals("--version"))) {
      return new Selection(List.of(), null);
    }
    int at = named(ALL, args, 0);
    if (at < 0) {
      return all();
    }
    Class<?> command = ALL.get(args[at]);
    if (command == CommandLine.HelpCommand.class) {
      return all(); // 'help' lists every command, or helps with one picocli must find among all
    }
    Map<String, Class<?>> members = GROUPS.get(command);
    int next = members == null ? -1 : named(members, args, at + 1);
    return new Selection(List.of(command), next < 0 ? null : members.get(args[next]));
  }

  /**
   * Where the arguments from {@code from} on name one of {@code commands}, after global options
   * only; -1 when they do not, or when picocli might answer with the list of commands (or may
   * read a command's name as an option's value) instead.
   */
  private static int named(Map<String, Class<?>> commands, String[] args, int from) {
    for (int i = from; i < args.length; i++) {
      String arg = args[i];
      if (commands.containsKey(arg)) {
        return i;
      }
      int equals = arg.indexOf('=');
      if (equals > 0 && VALUE_OPTIONS.contains(arg.substring(0, equals))) {
        if (anyName(arg.substring(equals + 1))) {
          return -1;
        }
        continue;
      }
      if (VALUE_OPTIONS.contains(arg)) {
        // Picocli refuses a command's name as an option's value; let it, with every name.
        i++;
        if (i >= args.length || anyName(args[i])) {
          return -1;
        }
        continue;
      }
      if (!FLAGS.contains(arg)) {
        return -1; // help, an unknown option or command, '--', '@file': picocli decides
      }
    }
    return -1; // no command: the usage lists them all
  }

  /** Whether {@code word} is the name of any command, top-level or in a group. */
  private static boolean anyName(String word) {
    if (ALL.containsKey(word)) {
      return true;
    }
    for (Map<String, Class<?>> members : GROUPS.values()) {
      if (members.containsKey(word)) {
        return true;
      }
    }
    return false;
  }

  /** Every command, in the help's order. */
  static Selection all() {
    return new Selection(List.copyOf(ALL.values()), null);
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

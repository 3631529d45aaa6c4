package dev.baton.examples.cli;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.http.json.Json;
import dev.baton.http.json.JsonView;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code baton} command line: GitOps environment promotion on a Git repository, with the
 * promotions, pipeline and freezes kept durably on {@code refs/baton/state} of the same
 * repository. Run {@code java -jar baton.jar --help}.
 *
 * <p>This class holds the global options (inherited by every subcommand) and maps outcomes to
 * exit codes: 0 success, 1 failure, 2 usage error, 3 refused by Baton. Not thread-safe; one
 * instance serves one invocation.
 */
// mirrored in PipelineShowModel (pipeline show's fast start); PipelineShowModelTest
// compares both, so a change here is made there too
@Command(
    name = "baton",
    scope = ScopeType.INHERIT, // subcommands inherit the exit-code footer
    mixinStandardHelpOptions = true,
    // Every command has this: picocli would otherwise read the annotations of each of its
    // methods, looking for methods that are commands (there are none), on every start.
    addMethodSubcommands = false,
    versionProvider = BatonCli.Version.class,
    description = "GitOps environment promotion: pipelines, previews, approvals, Git commits, "
        + "deploys.",
    // The commands are added per invocation (Subcommands): building all of them is slow.
    footerHeading = "%nExit codes:%n",
    footer = {
        "  0  success",
        "  1  failure (I/O error, bug); --debug prints the stack trace",
        "  2  usage error (unknown command or option, bad value, no user)",
        "  3  refused by Baton: 'refused: CODE (HTTP n): message' and each problem",
        "",
        "Run 'baton demo' for a tour on a throw-away repository."
    })
public final class BatonCli implements Runnable {

  /** Exit code when Baton refused the operation ({@link BatonException}). */
  public static final int EXIT_REFUSED = 3;
  /** Exit code for any other failure. */
  public static final int EXIT_FAILURE = 1;

  @Option(names = "--repo", scope = ScopeType.INHERIT, paramLabel = "PATH",
      description = "The GitOps repository (work tree or .git folder; default: the current "
          + "folder or the repository above it).")
  Path repo;

  @Option(names = "--branch", scope = ScopeType.INHERIT, paramLabel = "NAME",
      description = "The branch environments live on (default: the repository's current "
          + "branch, else main); it must exist: Baton never creates it.")
  String branch;

  @Option(names = "--as", scope = ScopeType.INHERIT, paramLabel = "USER",
      description = "Who you are (default: git config user.email).")
  String as;

  @Option(names = "--project", scope = ScopeType.INHERIT, paramLabel = "NAME",
      description = "The project (default: 'project:' of .baton/pipeline.yaml on the branch, "
          + "else the only project stored, else 'default'; required when the file's layout has"
          + " {project} and it names no project).")
  String project;

  @Option(names = "--instance-id", scope = ScopeType.INHERIT, paramLabel = "ID",
      description = "This process's engine id (default: random). A restarted process with the"
          + " same id resumes the executions of the killed one at once with 'baton recover'.")
  String instanceId;

  @Option(names = "--remote", scope = ScopeType.INHERIT, paramLabel = "NAME|URL",
      description = "Share the state with this remote: fetch refs/baton/state from it before"
          + " the command (merging what both sides changed) and push it after the command.")
  String remote;

  @Option(names = "--store", scope = ScopeType.INHERIT, paramLabel = "JDBC_URL",
      defaultValue = "${env:BATON_STORE}",
      description = "Keep promotions, pipelines and freezes in PostgreSQL instead of on"
          + " refs/baton/state: jdbc:postgresql://HOST:PORT/DB?user=NAME (password= in the URL"
          + " or BATON_STORE_PASSWORD; currentSchema= for a schema other than public). Default:"
          + " BATON_STORE when set. Environments stay in the repository.")
  String store;

  @Option(names = "--json", scope = ScopeType.INHERIT,
      description = "Print JSON for scripts instead of text for people.")
  boolean json;

  @Option(names = "--debug", scope = ScopeType.INHERIT,
      description = "Print stack traces of failures.")
  boolean debug;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** Entry point of {@code java -jar baton.jar}. */
  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    Subcommands.Selection commands = Subcommands.neededFor(args);
    if (commands.namesOneCommand()) {
      ClassWarmUp.start(); // a command is about to run (not help, a version or a group alone)
    }
    // This process is the CLI alone: JGit may take the system configuration's known place
    // instead of asking git (SystemGitConfig), once a command is about to run.
    int code = run(out, err, commands, SystemGitConfig::useKnownLocation, args);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs one invocation with the given streams and returns its exit code. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return run(out, err, Subcommands.neededFor(args), () -> { }, args);
  }

  /** Runs one invocation with only the given commands registered. */
  static int run(PrintWriter out, PrintWriter err, Subcommands.Selection commands,
      String... args) {
    return run(out, err, commands, () -> { }, args);
  }

  /**
   * Runs one invocation with only the given commands registered, calling {@code beforeCommand}
   * when a command is about to run (not for help, a version or a usage error).
   */
  private static int run(PrintWriter out, PrintWriter err, Subcommands.Selection commands,
      Runnable beforeCommand, String... args) {
    BatonCli root = new BatonCli();
    CommandLine line = commands.isPipelineShow() ? PipelineShowModel.build(root)
        : annotated(root, commands);
    Handlers handlers = new Handlers(root, err, beforeCommand);
    line.setExecutionStrategy(handlers);
    line.setOut(out);
    line.setErr(err);
    line.setCaseInsensitiveEnumValuesAllowed(true);
    line.setParameterExceptionHandler(handlers);
    line.setExecutionExceptionHandler(handlers);
    return line.execute(args);
  }

  /**
   * The model picocli builds from the annotations of {@code root} and of the given commands.
   * The commands are added before the settings of {@link #run}, which reach only the commands
   * already there; a group with its commands, as picocli builds one whose annotation names them.
   */
  static CommandLine annotated(BatonCli root, Subcommands.Selection commands) {
    CommandLine line = new CommandLine(root);
    for (Class<?> command : commands.commands()) {
      line.addSubcommand(commands.line(command));
    }
    return line;
  }

  /**
   * How an invocation runs and how its failures are shown. A class rather than lambdas: picocli
   * is compiled for Java 5, and the class-data-sharing archive of the launcher (see
   * {@code src/main/sh/baton}) must leave out a Java 5 class that a lambda implementing one of
   * its interfaces has linked while the archive was made, picocli's {@code CommandLine} above
   * all. Not thread-safe; one per invocation.
   */
  private static final class Handlers implements CommandLine.IExecutionStrategy,
      CommandLine.IParameterExceptionHandler, CommandLine.IExecutionExceptionHandler {
    private final BatonCli root;
    private final PrintWriter err;
    private final Runnable beforeCommand;
    private final CommandLine.IExecutionStrategy runLast = new CommandLine.RunLast();

    Handlers(BatonCli root, PrintWriter err, Runnable beforeCommand) {
      this.root = root;
      this.err = err;
      this.beforeCommand = beforeCommand;
    }

    @Override
    public int execute(CommandLine.ParseResult parsed) {
      if (!helpAsked(parsed)) {
        ClassWarmUp.finish(); // what the warm-up has not begun yet, then its end
        beforeCommand.run();
      }
      return runLast.execute(parsed);
    }

    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] arguments) {
      ClassWarmUp.awaitDone(); // the report may be JSON
      return root.usageError(e, err, root.json || asksForJson(arguments));
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine failed,
        CommandLine.ParseResult parsed) {
      return root.report(e, err);
    }
  }

  private static boolean helpAsked(CommandLine.ParseResult parsed) {
    for (CommandLine.ParseResult command = parsed; command != null;
        command = command.subcommand()) {
      if (command.isUsageHelpRequested() || command.isVersionHelpRequested()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the arguments hold {@code --json} (before {@code --}): a usage error may stop the
   * parser before it reaches the option.
   */
  private static boolean asksForJson(String[] args) {
    for (String arg : args) {
      if (arg.equals("--")) {
        return false;
      }
      if (arg.equals("--json")) {
        return true;
      }
    }
    return false;
  }

  /**
   * A usage error, short: the message, picocli's suggestions for a mistyped name, and where the
   * help is (never the whole help); under {@code --json} one {@link JsonView#error} line.
   */
  int usageError(CommandLine.ParameterException e, PrintWriter err, boolean asJson) {
    String message = Optional.ofNullable(e.getMessage()).orElse("usage error");
    if (asJson) {
      err.println(Json.line(JsonView.error(JsonView.USAGE, 400, message, List.of(message))));
    } else {
      err.println(Output.escape(message));
      CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
      err.println(Output.escape("Try '" + e.getCommandLine().getCommandSpec().qualifiedName()
          + " --help' for more information."));
    }
    err.flush();
    return CommandLine.ExitCode.USAGE;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** How a failure is shown, and the exit code it maps to. */
  int report(Exception e, PrintWriter err) {
    if (e instanceof CommandLine.ParameterException usage) {
      return usageError(usage, err, json);
    }
    if (e instanceof BatonException refusal && json) {
      err.println(Json.line(JsonView.error(refusal.code().name(), refusal.httpStatus(),
          stripCode(refusal), refusal.problems())));
      err.flush();
      return EXIT_REFUSED;
    }
    if (e instanceof BatonException refusal) {
      // Refusals quote what people typed: escaped like every other line (see Output).
      err.println(Output.escape("refused: " + refusal.code() + " (HTTP "
          + refusal.httpStatus() + "): " + stripCode(refusal)));
      if (refusal.problems().size() > 1 || !refusal.problems().get(0).equals(stripCode(refusal))) {
        refusal.problems().forEach(p -> err.println(Output.escape("  - " + p)));
      }
      hint(refusal.code()).ifPresent(h -> err.println("hint: " + h));
      if (debug) {
        e.printStackTrace(err);
      }
      err.flush();
      return EXIT_REFUSED;
    }
    String message = Optional.ofNullable(e.getMessage()).orElse(e.toString());
    if (json) {
      err.println(Json.line(JsonView.error(JsonView.FAILURE, 500, message, List.of(message))));
      if (debug) {
        e.printStackTrace(err);
      }
      err.flush();
      return EXIT_FAILURE;
    }
    err.println(Output.escape("error: " + message));
    if (debug) {
      e.printStackTrace(err);
    } else {
      err.println("(run again with --debug for the stack trace)");
    }
    err.flush();
    return EXIT_FAILURE;
  }

  /** What to do next, for the refusals people meet while finding their way. */
  private static Optional<String> hint(ErrorCode code) {
    return switch (code) {
      case PIPELINE_NOT_FOUND -> Optional.of("store one with 'baton pipeline set FILE' (the"
          + " format is in 'baton pipeline set --help'), or pass --project");
      case ENVIRONMENT_FROZEN -> Optional.of("'baton break-glass ENV --reason R --for 1h' lets"
          + " deployments through for a while; 'baton unfreeze ENV' lifts the freeze");
      case PROMOTION_IN_PROGRESS -> Optional.of("another execution holds that promotion or"
          + " environment; if its process was killed, 'baton recover' takes it over once the"
          + " claim is older than --older-than (default 10m), at once with the killed process's"
          + " --instance-id, or with 'baton recover --older-than 0s' when no baton process runs"
          + " it");
      case STATE_ROLLED_BACK -> Optional.of("restore the ref with the 'git update-ref' command"
          + " above; only if the older state is wanted, run 'baton state accept'");
      default -> Optional.empty();
    };
  }

  private static String stripCode(BatonException e) {
    String prefix = e.code() + ": ";
    String message = e.getMessage();
    return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }

  /** The version shown by {@code --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Optional.ofNullable(BatonCli.class.getPackage().getImplementationVersion())
          .orElse("0.1.0-SNAPSHOT");
      return new String[] {"baton " + version};
    }
  }
}

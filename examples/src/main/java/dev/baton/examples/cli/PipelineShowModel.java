package dev.baton.examples.cli;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ScopeType;

/**
 * The command model of {@code baton pipeline show} (the root, the {@code pipeline} group with
 * {@code show} alone, as {@link Subcommands} registers them for it) built in code rather than
 * from picocli's annotations. Reading the annotations was about half of picocli's time on this
 * short command (issue #11 times its start): the JDK parses each annotation and generates a
 * proxy class per annotation type, which a JDK 17 class-data-sharing archive cannot hold, so
 * every start paid for it. Picocli's own {@code mixinStandardHelpOptions} is an annotated class
 * too, so the help and version options are built here as well.
 *
 * <p>The annotations stay the source of truth (every other invocation, and the help of every
 * other command, is built from them); this copy must describe the same commands, option for
 * option and text for text, which {@code PipelineShowModelTest} checks against the annotated
 * model. Values land in the same fields of the same command objects, so the commands run as
 * they do with the annotated model. Stateless; thread-safe.
 */
final class PipelineShowModel {

  private PipelineShowModel() {
  }

  /**
   * The command line for {@code pipeline show} with {@code root} as its root command: the same
   * model {@code new CommandLine(root)} with {@code Subcommands.neededFor("pipeline", "show")}
   * registered builds, without reading an annotation.
   */
  static CommandLine build(BatonCli root) {
    CommandSpec rootSpec = CommandSpec.wrapWithoutInspection(root);
    rootSpec.name("baton");
    rootSpec.scopeType(ScopeType.INHERIT);
    rootSpec.versionProvider(new BatonCli.Version());
    rootSpec.usageMessage()
        .description("GitOps environment promotion: pipelines, previews, approvals, Git commits,"
            + " deploys.")
        .footerHeading("%nExit codes:%n")
        .footer(
            "  0  success",
            "  1  failure (I/O error, bug); --debug prints the stack trace",
            "  2  usage error (unknown command or option, bad value, no user)",
            "  3  refused by Baton: 'refused: CODE (HTTP n): message' and each problem",
            "",
            "Run 'baton demo' for a tour on a throw-away repository.");
    rootSpec.addOption(global("--repo", "PATH", Path.class, root, "repo",
        "The GitOps repository (work tree or .git folder; default: the current folder or the"
            + " repository above it).")
        .build());
    rootSpec.addOption(global("--branch", "NAME", String.class, root, "branch",
        "The branch environments live on (default: the repository's current branch, else"
            + " main); it must exist: Baton never creates it.")
        .build());
    rootSpec.addOption(global("--as", "USER", String.class, root, "as",
        "Who you are (default: git config user.email).")
        .build());
    rootSpec.addOption(global("--project", "NAME", String.class, root, "project",
        "The project (default: 'project:' of .baton/pipeline.yaml on the branch, else the only"
            + " project stored, else 'default'; required when the file's layout has {project}"
            + " and it names no project).")
        .build());
    rootSpec.addOption(global("--instance-id", "ID", String.class, root, "instanceId",
        "This process's engine id (default: random). A restarted process with the same id"
            + " resumes the executions of the killed one at once with 'baton recover'.")
        .build());
    rootSpec.addOption(global("--remote", "NAME|URL", String.class, root, "remote",
        "Share the state with this remote: fetch refs/baton/state from it before the command"
            + " (merging what both sides changed) and push it after the command.")
        .build());
    rootSpec.addOption(global("--store", "JDBC_URL", String.class, root, "store",
        "Keep promotions, pipelines and freezes in PostgreSQL instead of on refs/baton/state:"
            + " jdbc:postgresql://HOST:PORT/DB?user=NAME (password= in the URL or"
            + " BATON_STORE_PASSWORD; currentSchema= for a schema other than public). Default:"
            + " BATON_STORE when set. Environments stay in the repository.")
        .defaultValue("${env:BATON_STORE}")
        .build());
    rootSpec.addOption(global("--json", "<json>", boolean.class, root, "json",
        "Print JSON for scripts instead of text for people.")
        .initialValue(false) // as the field starts
        .build());
    rootSpec.addOption(global("--debug", "<debug>", boolean.class, root, "debug",
        "Print stack traces of failures.")
        .initialValue(false)
        .build());
    addStandardHelpOptions(rootSpec); // after the fields, as picocli adds a mixin's options
    root.spec = rootSpec;

    PipelineCommands group = new PipelineCommands();
    CommandSpec groupSpec = CommandSpec.wrapWithoutInspection(group);
    groupSpec.name("pipeline");
    groupSpec.usageMessage().description(
        "Shows or replaces the project's pipeline (stored on refs/baton/state).",
        "When the branch has .baton/pipeline.yaml, that file is the pipeline: every command"
            + " stores it first when the stored copy differs (with a notice on stderr), and"
            + " 'pipeline set' refuses a different file (PIPELINE_CONFLICT).");
    addStandardHelpOptions(groupSpec);
    group.spec = groupSpec;

    PipelineCommands.Show show = new PipelineCommands.Show();
    CommandSpec showSpec = CommandSpec.wrapWithoutInspection(show);
    showSpec.name("show");
    showSpec.usageMessage().description("Shows the pipeline: a table of stages and transitions"
        + " (default), a Mermaid or Graphviz diagram, the YAML file, or JSON with --json.");
    showSpec.addArgGroup(ArgGroupSpec.builder()
        .exclusive(true)
        .multiplicity("0..1")
        .addArg(format(show, "--mermaid", "mermaid", "A Mermaid flowchart (for Markdown pages)."))
        .addArg(format(show, "--dot", "dot", "A Graphviz DOT digraph."))
        .addArg(format(show, "--yaml", "yaml", "The pipeline file format (for 'pipeline set')."))
        .build());
    addStandardHelpOptions(showSpec);
    show.spec = showSpec;

    FlagDefaults flagDefaults = new FlagDefaults();
    for (CommandSpec spec : List.of(rootSpec, groupSpec, showSpec)) {
      spec.defaultValueProvider(flagDefaults);
    }

    // In the order the annotated model is put together (Subcommands.Selection.line, then
    // BatonCli.run): a group gets its command before the root gets the group.
    CommandLine groupLine = new CommandLine(groupSpec);
    groupLine.addSubcommand(new CommandLine(showSpec));
    CommandLine line = new CommandLine(rootSpec);
    line.addSubcommand(groupLine);
    return line;
  }

  /**
   * {@code -h, --help} and {@code -V, --version}, as picocli's {@code mixinStandardHelpOptions}
   * declares them (their description keys included, and their names, which a system property or
   * an environment variable may change); their values are kept by picocli alone.
   */
  private static void addStandardHelpOptions(CommandSpec spec) {
    spec.addOption(OptionSpec.builder(standardName("picocli.help.name.0", "-h"),
            standardName("picocli.help.name.1", "--help"))
        .usageHelp(true)
        .paramLabel("<helpRequested>")
        .descriptionKey("mixinStandardHelpOptions.help")
        .description("Show this help message and exit.")
        .type(boolean.class)
        .initialValue(false)
        .build());
    spec.addOption(OptionSpec.builder(standardName("picocli.version.name.0", "-V"),
            standardName("picocli.version.name.1", "--version"))
        .versionHelp(true)
        .paramLabel("<versionRequested>")
        .descriptionKey("mixinStandardHelpOptions.version")
        .description("Print version information and exit.")
        .type(boolean.class)
        .initialValue(false)
        .build());
  }

  /**
   * A name of a standard option: picocli's annotation reads {@code ${key:-name}}, the system
   * property {@code key}, else the environment variable, else {@code name}. The test renames
   * through system properties only; the environment variable path is read as picocli reads it.
   */
  private static String standardName(String key, String name) {
    String value = System.getProperty(key);
    if (value == null) {
      value = System.getenv(key);
    }
    return value == null ? name : value;
  }

  /**
   * A global option of {@link BatonCli}: inherited by every subcommand, kept in its field. The
   * label is the annotation's {@code paramLabel}, else picocli's default for a field,
   * {@code <name>}; the description key is the annotation's default, empty.
   */
  private static OptionSpec.Builder global(String name, String label, Class<?> type,
      BatonCli root, String field, String description) {
    OptionSpec.Builder option = OptionSpec.builder(name)
        .scopeType(ScopeType.INHERIT)
        .type(type)
        .paramLabel(label)
        .description(description)
        .descriptionKey("");
    FieldOf binding = new FieldOf(root, field(BatonCli.class, field));
    return option.getter(binding).setter(binding);
  }

  /** One of {@code show}'s mutually exclusive formats, kept in its {@code Format}. */
  private static OptionSpec format(PipelineCommands.Show show, String name, String field,
      String description) {
    FormatFlag binding = new FormatFlag(show, field(PipelineCommands.Show.Format.class, field));
    return OptionSpec.builder(name)
        .type(boolean.class)
        .paramLabel("<" + field + ">")
        .description(description)
        .descriptionKey("")
        .getter(binding)
        .setter(binding)
        .build();
  }

  private static Field field(Class<?> owner, String name) {
    try {
      return owner.getDeclaredField(name);
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException("no field " + name + " in " + owner, e);
    }
  }

  /**
   * A field of one object, read and written by reflection as picocli does for an annotated
   * field (the fields are package-private: this class may set them without
   * {@code setAccessible}). A named class, not lambdas, for the reason {@code BatonCli.Handlers}
   * gives.
   */
  private static final class FieldOf implements IGetter, ISetter {
    private final Object owner;
    private final Field field;

    FieldOf(Object owner, Field field) {
      this.owner = owner;
      this.field = field;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get() {
      try {
        return (T) field.get(owner);
      } catch (IllegalAccessException e) {
        throw new CommandLine.PicocliException("cannot read " + field, e);
      }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T set(T value) {
      try {
        T old = (T) field.get(owner);
        field.set(owner, value);
        return old;
      } catch (IllegalAccessException e) {
        throw new CommandLine.PicocliException("cannot set " + field, e);
      }
    }
  }

  /**
   * The default of a global flag ({@code --json}, {@code --debug}) on each command: the value
   * its field holds when picocli asks. Picocli sets a flag to the opposite of its default, and
   * takes the default of an annotated field from the field itself, read the first time it is
   * needed on each command; so {@code pipeline --json show --json} turns {@code --json} on and
   * then off again, and this model must do the same. Picocli asks this provider first, so it
   * answers for the global flags alone (null: the option's own default, as before).
   */
  private static final class FlagDefaults implements CommandLine.IDefaultValueProvider {
    @Override
    public String defaultValue(ArgSpec arg) {
      if (arg.isOption() && arg.scopeType() == ScopeType.INHERIT
          && arg.type() == boolean.class) {
        return String.valueOf((Object) arg.getValue());
      }
      return null;
    }
  }

  /**
   * One flag of {@code show}'s {@code Format}. The annotated model creates a {@code Format} when
   * one of its options is given ({@code --dot}, also {@code --dot=false}) and leaves the field
   * null otherwise; so does this binding: a value picocli sets for a given option makes a new
   * {@code Format}, and a null (the initial value picocli may apply) leaves the field unset.
   */
  private static final class FormatFlag implements IGetter, ISetter {
    private final PipelineCommands.Show show;
    private final Field flag;

    FormatFlag(PipelineCommands.Show show, Field flag) {
      this.show = show;
      this.flag = flag;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get() {
      try {
        return (T) (show.format == null ? Boolean.FALSE : flag.get(show.format));
      } catch (IllegalAccessException e) {
        throw new CommandLine.PicocliException("cannot read " + flag, e);
      }
    }

    @Override
    public <T> T set(T value) {
      T old = get();
      if (value == null) {
        return old; // the initial value picocli may apply: none, the format stays unset
      }
      try {
        // Each option given is a match of the exclusive group of its own, with a new Format
        // (only with --help may there be two; then nothing runs).
        PipelineCommands.Show.Format format = new PipelineCommands.Show.Format();
        flag.set(format, value);
        show.format = format;
        return old;
      } catch (IllegalAccessException e) {
        throw new CommandLine.PicocliException("cannot set " + flag, e);
      }
    }
  }
}

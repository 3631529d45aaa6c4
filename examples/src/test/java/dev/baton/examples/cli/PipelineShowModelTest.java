package dev.baton.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testkit.random.Gen;
import dev.baton.testkit.random.Property;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The model of {@code pipeline show} built in code ({@link PipelineShowModel}) describes the
 * same commands as the annotations, attribute for attribute, parses every argument list into the
 * same fields (or the same error), and the CLI prints the same with it as with every command
 * registered from the annotations.
 */
class PipelineShowModelTest {

  @TempDir
  Path tmp;

  @Test
  void describesTheCommandsAsTheAnnotationsDo() {
    CommandLine coded = PipelineShowModel.build(new BatonCli());
    CommandLine annotated = annotated();
    for (String name : List.of("", "pipeline", "show")) {
      if (!name.isEmpty()) {
        coded = coded.getSubcommands().get(name);
        annotated = annotated.getSubcommands().get(name);
        assertThat(coded).as(name).isNotNull();
      }
      assertThat(describe(coded)).isEqualTo(describe(annotated));
      assertThat(coded.getUsageMessage(CommandLine.Help.Ansi.OFF))
          .isEqualTo(annotated.getUsageMessage(CommandLine.Help.Ansi.OFF));
      assertThat(version(coded)).isEqualTo(version(annotated)).isNotEmpty();
      // the code-built model sets its own provider (FlagDefaults); an annotated one would be
      // dropped by it, so a provider added to the annotations must be added there too
      assertThat(annotated.getCommandSpec().defaultValueProvider()).as(name
          + ": a default-value provider on the annotations, not mirrored in PipelineShowModel")
          .isNull();
    }
    assertThat((Object) coded.getCommand()).isInstanceOf(PipelineCommands.Show.class);
    assertThat(((PipelineCommands.Show) coded.getCommand()).spec)
        .isSameAs(coded.getCommandSpec());
    assertThat(((PipelineCommands.Show) coded.getCommand()).globals())
        .isSameAs(coded.getCommandSpec().root().userObject());
  }

  @Test
  void namesTheHelpOptionsAsPicocliDoesWhenAPropertyRenamesThem() {
    System.setProperty("picocli.help.name.0", "-?");
    System.setProperty("picocli.version.name.1", "--release");
    try {
      CommandLine coded = PipelineShowModel.build(new BatonCli());
      CommandLine annotated = annotated();
      assertThat(coded.getCommandSpec().findOption("-?")).isNotNull();
      assertThat(coded.getCommandSpec().findOption("--release")).isNotNull();
      for (String name : List.of("pipeline", "show")) {
        assertThat(describe(coded)).isEqualTo(describe(annotated));
        assertThat(coded.getUsageMessage(CommandLine.Help.Ansi.OFF))
            .isEqualTo(annotated.getUsageMessage(CommandLine.Help.Ansi.OFF));
        coded = coded.getSubcommands().get(name);
        annotated = annotated.getSubcommands().get(name);
      }
      assertThat(describe(coded)).isEqualTo(describe(annotated));
    } finally {
      System.clearProperty("picocli.help.name.0");
      System.clearProperty("picocli.version.name.1");
    }
  }

  @Test
  void theRunUsesItForPipelineShowAlone() {
    assertThat(Subcommands.neededFor("--json", "pipeline", "--debug", "show", "--dot")
        .isPipelineShow()).isTrue();
    assertThat(Subcommands.neededFor("pipeline", "set", "f").isPipelineShow()).isFalse();
    assertThat(Subcommands.neededFor("pipeline", "--help", "show").isPipelineShow()).isFalse();
    assertThat(Subcommands.neededFor("show", "pipeline").isPipelineShow()).isFalse();
    assertThat(Subcommands.all().isPipelineShow()).isFalse();
  }

  /** Words around {@code pipeline} and {@code show}: options of every level, values, mistakes. */
  private static final List<String> WORDS = List.of("--repo", "/r", "--repo=/x", "--branch",
      "b", "--branch=", "--as", "a@b", "--project", "p", "--project=q", "--instance-id", "i",
      "--remote", "o", "--store", "jdbc:x", "--store=jdbc:y", "--json", "--debug", "--json=true",
      "--debug=false", "--mermaid", "--dot", "--yaml", "--mermaid=false", "--yaml=true", "-h",
      "--help", "-V", "--version", "--bogus", "x", "--", "-hV", "show", "pipeline", "set",
      "--mermaid --dot", "-j", "--JSON", "--rep", "@nothing.txt");

  private static final Gen<List<String>> AROUND = Gen.listOf(Gen.elementOf(WORDS), 0, 3);

  @Test
  void parsesEveryArgumentListAsTheAnnotatedModelDoes() {
    Gen<List<String>> args = AROUND.flatMap(before -> AROUND.flatMap(between -> AROUND.map(
        after -> arguments(before, between, after))));
    Property.forAll(args).runs(3_000).verify(argv -> {
      String[] array = argv.toArray(String[]::new);
      assertThat(parse(PipelineShowModel.build(new BatonCli()), array)).as(argv.toString())
          .isEqualTo(parse(annotated(), array));
    });
  }

  @Test
  void theCliPrintsWhatItPrintsWithEveryCommandAnnotated() {
    List<String> noRemote = WORDS.stream()
        .filter(w -> !w.startsWith("--remote") && !w.startsWith("--store") && !w.equals("o"))
        .toList();
    Gen<List<String>> around = Gen.listOf(Gen.elementOf(noRemote), 0, 2);
    Gen<List<String>> args = around.flatMap(before -> around.flatMap(between -> around.map(
        after -> arguments(before, between, after))));
    Property.forAll(args).runs(300).verify(argv -> {
      // a folder that is no repository: a command that runs stops at its open
      List<String> words = new ArrayList<>(List.of("--repo", tmp.toString()));
      words.addAll(argv);
      String[] array = words.toArray(String[]::new);
      assertThat(run(Subcommands.neededFor(array), array)).as(words.toString())
          .isEqualTo(run(Subcommands.all(), array));
    });
  }

  private static List<String> arguments(List<String> before, List<String> between,
      List<String> after) {
    List<String> argv = new ArrayList<>();
    for (List<String> part : List.of(before, List.of("pipeline"), between, List.of("show"),
        after)) {
      for (String word : part) {
        argv.addAll(List.of(word.split(" ")));
      }
    }
    return argv;
  }

  private static CommandLine annotated() {
    return BatonCli.annotated(new BatonCli(), Subcommands.neededFor("pipeline", "show"));
  }

  /** What parsing left in the commands' fields and picocli's answer, or the error. */
  private static String parse(CommandLine line, String[] args) {
    try {
      CommandLine.ParseResult result = line.parseArgs(args);
      BatonCli root = line.getCommand();
      CommandLine show = line.getSubcommands().get("pipeline").getSubcommands().get("show");
      PipelineCommands.Show command = show.getCommand();
      PipelineCommands.Show.Format format = command.format;
      List<String> asked = new ArrayList<>();
      for (CommandLine.ParseResult r = result; r != null; r = r.subcommand()) {
        asked.add(r.commandSpec().name() + ":" + r.isUsageHelpRequested() + "/"
            + r.isVersionHelpRequested() + "/" + r.unmatched() + "/"
            + r.matchedArgs().stream().map(a -> a.paramLabel() + a.getValue())
                .collect(Collectors.joining(",")));
      }
      return "repo=" + root.repo + " branch=" + root.branch + " as=" + root.as + " project="
          + root.project + " instanceId=" + root.instanceId + " remote=" + root.remote
          + " store=" + root.store + " json=" + root.json + " debug=" + root.debug
          + " format=" + (format == null ? "none" : format.mermaid + "/" + format.dot + "/"
              + format.yaml)
          + " " + asked;
    } catch (CommandLine.PicocliException e) {
      return e.getClass().getName() + ": " + e.getMessage();
    }
  }

  /** Every attribute of a command that the parser or the help reads. */
  private static String describe(CommandLine line) {
    CommandSpec spec = line.getCommandSpec();
    UsageMessageSpec usage = spec.usageMessage();
    StringBuilder out = new StringBuilder();
    out.append("name=").append(spec.name()).append(" qualified=").append(spec.qualifiedName())
        .append(" aliases=").append(List.of(spec.aliases()))
        .append(" scope=").append(spec.scopeType())
        .append(" subcommands=").append(line.getSubcommands().keySet())
        .append(" helpCommand=").append(spec.helpCommand())
        .append(" interpolate=").append(spec.interpolateVariables())
        .append(" repeatable=").append(spec.subcommandsRepeatable())
        .append(" negatable=").append(spec.negatableOptionTransformer().getClass())
        .append(" version=").append(List.of(spec.version()))
        .append(" exitCodeOnSuccess=").append(spec.exitCodeOnSuccess())
        .append(" exitCodeOnUsageHelp=").append(spec.exitCodeOnUsageHelp())
        .append(" exitCodeOnVersionHelp=").append(spec.exitCodeOnVersionHelp())
        .append(" exitCodeOnInvalidInput=").append(spec.exitCodeOnInvalidInput())
        .append(" exitCodeOnExecutionException=").append(spec.exitCodeOnExecutionException())
        .append('\n');
    out.append("usage: description=").append(List.of(usage.description()))
        .append(" header=").append(List.of(usage.header()))
        .append(" footer=").append(List.of(usage.footer()))
        .append(" footerHeading=").append(usage.footerHeading())
        .append(" headerHeading=").append(usage.headerHeading())
        .append(" synopsisHeading=").append(usage.synopsisHeading())
        .append(" customSynopsis=").append(List.of(usage.customSynopsis()))
        .append(" descriptionHeading=").append(usage.descriptionHeading())
        .append(" optionListHeading=").append(usage.optionListHeading())
        .append(" commandListHeading=").append(usage.commandListHeading())
        .append(" sortOptions=").append(usage.sortOptions())
        .append(" sortSynopsis=").append(usage.sortSynopsis())
        .append(" abbreviateSynopsis=").append(usage.abbreviateSynopsis())
        .append(" showDefaultValues=").append(usage.showDefaultValues())
        .append(" showAtFileInUsageHelp=").append(usage.showAtFileInUsageHelp())
        .append(" showEndOfOptionsDelimiter=").append(usage.showEndOfOptionsDelimiterInUsageHelp())
        .append(" hidden=").append(usage.hidden())
        .append(" width=").append(usage.width())
        .append(" autoWidth=").append(usage.autoWidth())
        .append(" requiredOptionMarker=").append(usage.requiredOptionMarker())
        .append(" parameterListHeading=").append(usage.parameterListHeading())
        .append(" sectionKeys=").append(usage.sectionKeys())
        .append('\n');
    for (OptionSpec option : spec.options()) {
      out.append(describe(option)).append('\n');
    }
    out.append("positionals=").append(spec.positionalParameters().size())
        .append(" mixins=").append(spec.mixins().keySet().stream()
            .filter(k -> !k.equals("mixinStandardHelpOptions")).toList())
        .append('\n');
    for (ArgGroupSpec group : spec.argGroups()) {
      out.append("group: exclusive=").append(group.exclusive())
          .append(" multiplicity=").append(group.multiplicity())
          .append(" validate=").append(group.validate())
          .append(" heading=").append(group.heading())
          .append(" headingKey=").append(group.headingKey())
          .append(" order=").append(group.order())
          .append(" subgroups=").append(group.subgroups().size())
          .append(" options=").append(group.options().stream().map(OptionSpec::longestName)
              .toList())
          .append('\n');
    }
    return out.toString();
  }

  private static String describe(OptionSpec option) {
    return "option " + List.of(option.names())
        + " arity=" + option.arity()
        + " type=" + option.type().getName()
        + " auxiliary=" + List.of(option.auxiliaryTypes())
        + " scope=" + option.scopeType()
        + " inherited=" + option.inherited()
        + " default=" + option.defaultValue()
        // before ${env:...} is filled in: with no BATON_STORE set, both would read null
        + " rawDefault=" + option.toBuilder().defaultValue()
        + " initial=" + option.initialValue() + "/" + option.hasInitialValue()
        + " fallback=" + option.fallbackValue()
        + " description=" + List.of(option.description())
        + " descriptionKey=" + option.descriptionKey()
        + " paramLabel=" + option.paramLabel()
        + " hideParamSyntax=" + option.hideParamSyntax()
        + " hidden=" + option.hidden()
        + " required=" + option.required()
        + " usageHelp=" + option.usageHelp()
        + " versionHelp=" + option.versionHelp()
        + " help=" + option.help()
        + " order=" + option.order()
        + " negatable=" + option.negatable()
        + " split=" + option.splitRegex()
        + " interactive=" + option.interactive()
        + " echo=" + option.echo()
        + " showDefault=" + option.showDefaultValue()
        + " group=" + (option.group() == null ? "none" : option.group().multiplicity())
        + " converters=" + option.converters().length
        + " completionCandidates=" + (option.completionCandidates() != null);
  }

  private static String version(CommandLine line) {
    StringWriter out = new StringWriter();
    line.printVersionHelp(new PrintWriter(out, true), CommandLine.Help.Ansi.OFF);
    return out.toString();
  }

  private record Outcome(int exit, String out, String err) { }

  private static Outcome run(Subcommands.Selection commands, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = BatonCli.run(new PrintWriter(out), new PrintWriter(err), commands, args);
    // --debug prints stack traces: their frames name this test's lines, not the CLI's output
    return new Outcome(exit, out.toString(),
        err.toString().replaceAll("\t(at |\\.\\.\\.).*\n", ""));
  }
}

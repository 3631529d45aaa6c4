package dev.baton.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.http.json.JsonView;
import dev.baton.model.Pipeline;
import dev.baton.model.ProjectId;
import dev.baton.model.PromotableProperty;
import dev.baton.model.PromotionRule;
import dev.baton.model.Stage;
import dev.baton.model.StageTransition;
import dev.baton.pipeline.PipelineDiagram;
import dev.baton.pipeline.PipelineValidator;
import dev.baton.pipeline.PipelineYaml;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code baton pipeline show|set}: the project's pipeline. The file {@code .baton/pipeline.yaml}
 * on the branch is the source of truth; the stored copy on {@code refs/baton/state} follows it.
 */
// mirrored in PipelineShowModel (pipeline show's fast start); PipelineShowModelTest
// compares both, so a change here is made there too
@Command(name = "pipeline", mixinStandardHelpOptions = true, addMethodSubcommands = false,
    // 'show' and 'set' are added per invocation (Subcommands.GROUPS): picocli builds every
    // command an annotation names, and 'pipeline show' needs only its own.
    description = {"Shows or replaces the project's pipeline (stored on refs/baton/state).",
        "When the branch has .baton/pipeline.yaml, that file is the pipeline: every command"
            + " stores it first when the stored copy differs (with a notice on stderr), and"
            + " 'pipeline set' refuses a different file (PIPELINE_CONFLICT)."})
final class PipelineCommands implements Runnable {

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code baton pipeline show}. */
  // mirrored in PipelineShowModel (pipeline show's fast start); PipelineShowModelTest
  // compares both, so a change here is made there too
  @Command(name = "show", mixinStandardHelpOptions = true, addMethodSubcommands = false,
      description = "Shows the pipeline: a table of stages and transitions (default), a Mermaid"
          + " or Graphviz diagram, the YAML file, or JSON with --json.")
  static final class Show extends WorkspaceCommand {

    @ArgGroup(exclusive = true)
    Format format;

    /** The diagram or file format asked for, at most one. */
    static final class Format {
      @Option(names = "--mermaid", description = "A Mermaid flowchart (for Markdown pages).")
      boolean mermaid;
      @Option(names = "--dot", description = "A Graphviz DOT digraph.")
      boolean dot;
      @Option(names = "--yaml", description = "The pipeline file format (for 'pipeline set').")
      boolean yaml;
    }

    @Override
    Integer call(Workspace workspace, Output out) {
      Pipeline pipeline = workspace.pipeline();
      String source = workspace.pipelineFile().map(PipelineFile::describe)
          .orElse("the stored pipeline (no " + Workspace.PIPELINE_FILE + " on "
              + workspace.branch() + ")");
      if (format != null && format.mermaid) {
        out.line(PipelineDiagram.mermaid(pipeline).stripTrailing());
      } else if (format != null && format.dot) {
        out.line(PipelineDiagram.dot(pipeline).stripTrailing());
      } else if (format != null && format.yaml) {
        out.line("# from " + source);
        out.line(PipelineYaml.write(pipeline).stripTrailing());
      } else if (out.json()) {
        out.json(json(pipeline, workspace.branch(), workspace.pipelineFile()));
      } else {
        table(out, pipeline);
        out.line();
        out.line("From " + source + ".");
      }
      return 0;
    }
  }

  /** {@code baton pipeline set FILE}. */
  @Command(name = "set", mixinStandardHelpOptions = true, addMethodSubcommands = false,
      description = {"Validates a pipeline file and replaces the stored pipeline with it.",
          "Every problem is listed (exit code 3) and nothing changes when the file is wrong.",
          "The project is --project, else the file's 'project:', else the repository's.",
          "",
          "When the branch has " + Workspace.PIPELINE_FILE + ", that file is the pipeline: a"
              + " different FILE is refused (PIPELINE_CONFLICT); commit the change instead.",
          "Every stage's folder must exist on the branch (UNKNOWN_ENVIRONMENT).",
          "",
          "The file:",
          "  project: shop                     # optional; absent: any project (--project)",
          "  layout: env/{environment}         # optional; default envs/{environment}",
          "  defaultScope: [image_tags]        # optional; what transitions carry by default",
          "  rules:                            # optional; what moves beyond the scope",
          "    - files: \"values*.yaml\"",
          "      jsonPaths: [\"$.featureFlags\"]",
          "    - files: \"dashboards/\"         # no jsonPaths: whole files / sub-folder",
          "      exclude: [\"dashboards/local-*.json\"]",
          "  stages:",
          "    - environment: dev",
          "    - environment: production",
          "      deployPolicy: manual          # direct (default) or manual",
          "      path: overlays/prod-eu        # optional; this stage's own folder",
          "  transitions:",
          "    - from: dev",
          "      to: production",
          "      requiredApprovals: 2",
          "      requesterMayApprove: false    # optional",
          "      scope: [image_tags, values]   # optional; what the transition carries",
          "      rules: []                     # optional; replaces the pipeline's rules"})
  static final class Replace extends WorkspaceCommand {

    @Parameters(index = "0", paramLabel = "FILE", description = "The pipeline YAML file.")
    Path file;

    @Override
    Integer call(Workspace workspace, Output out) throws IOException {
      String text = InputFiles.readText(file, Workspace.MAX_FILE_BYTES);
      ProjectId project = Optional.ofNullable(globals().project)
          .or(() -> projectOf(text))
          .map(ProjectId::of)
          .orElse(workspace.project());
      Pipeline wanted = PipelineValidator.validate(
          PipelineYaml.parse(project, text, file.toString()), Set.of());
      Optional<PipelineFile> onBranch = workspace.pipelineFile();
      if (onBranch.isPresent()) {
        if (!sameAs(onBranch.get(), wanted)) {
          throw new BatonException(ErrorCode.PIPELINE_CONFLICT, file + " differs from "
              + onBranch.get().describe() + ", which is the pipeline's source of truth;"
              + " nothing was stored. Commit your change to " + Workspace.PIPELINE_FILE + " on "
              + workspace.branch() + " instead (the next command stores it)");
        }
        Pipeline current = workspace.baton().pipelines().get(project);
        if (out.json()) {
          out.json(json(current, workspace.branch(), onBranch));
        } else {
          out.line("Pipeline of " + project + " is already " + file + " ("
              + onBranch.get().describe() + ", version " + current.version() + ").");
        }
        return 0;
      }
      Pipeline stored = workspace.batonFor(wanted).pipelines().replace(wanted, user(workspace));
      if (out.json()) {
        out.json(json(stored, workspace.branch(), Optional.empty()));
      } else {
        out.line("Pipeline of " + stored.project() + " replaced (version " + stored.version()
            + "): " + stored.stages().size() + " stages, " + stored.transitions().size()
            + " transitions.");
        out.line();
        table(out, stored);
      }
      return 0;
    }

    private static boolean sameAs(PipelineFile onBranch, Pipeline wanted) {
      try {
        return onBranch.parse(wanted.project()).equals(wanted.withVersion(0));
      } catch (BatonException e) {
        return false; // the branch's file is for another project
      }
    }

    private static Optional<String> projectOf(String text) {
      try {
        JsonNode node = new YAMLMapper().readTree(text).path("project");
        return node.isTextual() ? Optional.of(node.asText()) : Optional.empty();
      } catch (IOException | RuntimeException e) {
        return Optional.empty(); // the engine's parser reports every problem of the file
      }
    }
  }

  /** Prints stages and transitions as two tables. */
  static void table(Output out, Pipeline pipeline) {
    out.line(out.bold("Pipeline of " + pipeline.project()) + " (version " + pipeline.version()
        + ")");
    out.line();
    List<List<String>> stages = new ArrayList<>();
    for (Stage s : pipeline.stages()) {
      stages.add(List.of(s.environment().value(), lower(s.deployPolicy()),
          pipeline.folderOf(s.environment())));
    }
    out.table(List.of("STAGE", "DEPLOY", "FOLDER"), stages);
    out.line();
    List<List<String>> transitions = new ArrayList<>();
    for (StageTransition t : pipeline.transitions()) {
      transitions.add(List.of(t.from().value(), t.to().value(),
          t.requiredApprovals() == 0 ? "auto" : String.valueOf(t.requiredApprovals()),
          t.requesterMayApprove() ? "yes" : "no", scope(pipeline.scopeOf(t))));
    }
    out.table(List.of("FROM", "TO", "APPROVALS", "SELF-APPROVE", "CARRIES"), transitions);
    if (!pipeline.rules().isEmpty()
        || pipeline.transitions().stream().anyMatch(t -> t.rules().isPresent())) {
      out.line();
      rules(out, "Rules", pipeline.rules());
      for (StageTransition t : pipeline.transitions()) {
        t.rules().ifPresent(r -> rules(out, "Rules of " + t.from() + " → " + t.to(), r));
      }
    }
  }

  private static void rules(Output out, String heading, List<PromotionRule> rules) {
    out.line(heading + ":" + (rules.isEmpty() ? " none" : ""));
    for (PromotionRule r : rules) {
      out.line("  " + r.files() + (r.movesWholeFiles() ? " (whole files)"
          : ": " + String.join(", ", r.jsonPaths()))
          + (r.exclude().isEmpty() ? "" : ", except " + String.join(", ", r.exclude())));
    }
  }

  private static String scope(Set<PromotableProperty> scope) {
    return scope.isEmpty() ? "nothing" : scope.stream().sorted().map(PipelineCommands::lower)
        .collect(Collectors.joining(", "));
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  /** The pipeline as {@code --json} prints it, with the branch and the file it came from. */
  static ObjectNode json(Pipeline pipeline, String branch, Optional<PipelineFile> file) {
    return JsonView.pipeline(pipeline, Optional.of(branch),
        file.map(f -> Workspace.PIPELINE_FILE), file.map(f -> f.commit().name()));
  }
}

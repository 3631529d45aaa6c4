package dev.baton.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.baton.model.Pipeline;
import dev.baton.model.ProjectId;
import dev.baton.model.PromotableProperty;
import dev.baton.model.Stage;
import dev.baton.model.Transition;
import dev.baton.pipeline.PipelineDiagram;
import dev.baton.pipeline.PipelineYaml;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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

/** {@code baton pipeline show|set}: the project's stored pipeline. */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
    description = "Shows or replaces the project's pipeline (stored on refs/baton/state).",
    subcommands = {PipelineCommands.Show.class, PipelineCommands.Replace.class})
final class PipelineCommands implements Runnable {

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code baton pipeline show}. */
  @Command(name = "show", mixinStandardHelpOptions = true,
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
      Pipeline pipeline = workspace.baton().pipelines().get(workspace.project());
      if (format != null && format.mermaid) {
        out.line(PipelineDiagram.mermaid(pipeline).stripTrailing());
      } else if (format != null && format.dot) {
        out.line(PipelineDiagram.dot(pipeline).stripTrailing());
      } else if (format != null && format.yaml) {
        out.line(PipelineYaml.write(pipeline).stripTrailing());
      } else if (out.json()) {
        out.json(pipeline);
      } else {
        table(out, pipeline);
      }
      return 0;
    }
  }

  /** {@code baton pipeline set FILE}. */
  @Command(name = "set", mixinStandardHelpOptions = true,
      description = {"Validates a pipeline file and replaces the stored pipeline with it.",
          "Every problem is listed (exit code 3) and nothing changes when the file is wrong.",
          "The project is --project, else the file's 'project:', else the repository's.",
          "",
          "The file:",
          "  project: shop",
          "  stages:",
          "    - environment: dev",
          "    - environment: production",
          "      deployPolicy: manual          # direct (default) or manual",
          "  transitions:",
          "    - from: dev",
          "      to: production",
          "      requiredApprovals: 2",
          "      requesterMayApprove: false    # optional",
          "      scope: [image_tags, values]   # optional; what the transition carries"})
  static final class Replace extends WorkspaceCommand {

    @Parameters(index = "0", paramLabel = "FILE", description = "The pipeline YAML file.")
    Path file;

    @Override
    Integer call(Workspace workspace, Output out) throws IOException {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      ProjectId project = Optional.ofNullable(globals().project)
          .or(() -> projectOf(text))
          .map(ProjectId::of)
          .orElse(workspace.project());
      Pipeline stored = workspace.baton().pipelines().replaceFromYaml(project, text,
          user(workspace));
      if (out.json()) {
        out.json(stored);
      } else {
        out.line("Pipeline of " + stored.project() + " replaced (version " + stored.version()
            + "): " + stored.stages().size() + " stages, " + stored.transitions().size()
            + " transitions.");
        out.line();
        table(out, stored);
      }
      return 0;
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
      stages.add(List.of(s.environment().value(), lower(s.deployPolicy())));
    }
    out.table(List.of("STAGE", "DEPLOY"), stages);
    out.line();
    List<List<String>> transitions = new ArrayList<>();
    for (Transition t : pipeline.transitions()) {
      transitions.add(List.of(t.from().value(), t.to().value(),
          t.requiredApprovals() == 0 ? "auto" : String.valueOf(t.requiredApprovals()),
          t.requesterMayApprove() ? "yes" : "no", scope(pipeline.scopeOf(t))));
    }
    out.table(List.of("FROM", "TO", "APPROVALS", "SELF-APPROVE", "CARRIES"), transitions);
  }

  private static String scope(Set<PromotableProperty> scope) {
    return scope.isEmpty() ? "nothing" : scope.stream().sorted().map(PipelineCommands::lower)
        .collect(Collectors.joining(", "));
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }
}

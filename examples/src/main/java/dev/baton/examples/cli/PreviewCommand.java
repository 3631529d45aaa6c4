package dev.baton.examples.cli;

import dev.baton.http.json.JsonView;
import dev.baton.model.EnvironmentName;
import dev.baton.preview.Preview;
import dev.baton.preview.PreviewFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code baton preview --from X --to Y}: what a promotion would change, before requesting it;
 * {@code baton preview --promotion ID}: what a requested promotion was approved on (pinned).
 */
@Command(name = "preview", mixinStandardHelpOptions = true, addMethodSubcommands = false,
    description = {"Shows exactly what promoting one environment into another would change:"
        + " every difference with whether it moves or stays and why, the workloads, the"
        + " unified file diffs and conflicts.",
        "With --promotion, the preview a requested promotion is pinned to: its source and"
        + " target as they were at request time, which is what approvers approve.",
        "Coloured on a terminal unless NO_COLOR is set; --json or --yaml for scripts."})
final class PreviewCommand extends WorkspaceCommand {
  @Option(names = "--from", paramLabel = "ENV",
      description = "The environment whose configuration would move.")
  String from;

  @Option(names = "--to", paramLabel = "ENV",
      description = "The environment that would receive it.")
  String to;

  @Option(names = "--promotion", paramLabel = "ID",
      description = "A requested promotion (id or unique prefix): its pinned preview.")
  String promotion;

  @Option(names = "--yaml", description = "Print the preview as YAML.")
  boolean yaml;

  @Option(names = "--all", description = "List every difference that stays, not only the"
      + " first " + 30 + ".")
  boolean all;

  @Override
  Integer call(Workspace workspace, Output out) {
    if (promotion == null ? from == null || to == null : from != null || to != null) {
      throw usage("give either --from and --to, or --promotion");
    }
    Preview preview = promotion != null
        ? workspace.baton().previews().of(Ids.resolve(workspace.state(), promotion))
        : workspace.baton().previews().preview(workspace.project(), EnvironmentName.of(from),
            EnvironmentName.of(to));
    if (out.json()) {
      out.json(JsonView.preview(preview));
    } else if (yaml) {
      out.line(PreviewFormat.toYaml(preview).stripTrailing());
    } else {
      PreviewPrinter.print(out, preview, all);
    }
    return 0;
  }
}

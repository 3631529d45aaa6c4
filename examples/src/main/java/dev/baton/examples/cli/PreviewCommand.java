package dev.baton.examples.cli;

import dev.baton.model.EnvironmentName;
import dev.baton.preview.Preview;
import dev.baton.preview.PreviewFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code baton preview --from X --to Y}: what a promotion would change, before requesting it. */
@Command(name = "preview", mixinStandardHelpOptions = true,
    description = {"Shows exactly what promoting one environment into another would change:"
        + " workloads, values, bindings, variables, the unified file diffs and conflicts.",
        "Coloured on a terminal unless NO_COLOR is set; --json or --yaml for scripts."})
final class PreviewCommand extends WorkspaceCommand {
  @Option(names = "--from", required = true, paramLabel = "ENV",
      description = "The environment whose configuration would move.")
  String from;

  @Option(names = "--to", required = true, paramLabel = "ENV",
      description = "The environment that would receive it.")
  String to;

  @Option(names = "--yaml", description = "Print the preview as YAML.")
  boolean yaml;

  @Option(names = "--all", description = "Also list what differs but stays as it is (not"
      + " carried by the transition, or equal once variables apply).")
  boolean all;

  @Override
  Integer call(Workspace workspace, Output out) {
    Preview preview = workspace.baton().previews().preview(workspace.project(),
        EnvironmentName.of(from), EnvironmentName.of(to));
    if (out.json()) {
      out.line(PreviewFormat.toJson(preview).stripTrailing());
    } else if (yaml) {
      out.line(PreviewFormat.toYaml(preview).stripTrailing());
    } else {
      PreviewPrinter.print(out, preview, all);
    }
    return 0;
  }
}

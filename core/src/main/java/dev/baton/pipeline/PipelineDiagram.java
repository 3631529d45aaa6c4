package dev.baton.pipeline;

import dev.baton.model.EnvironmentName;
import dev.baton.model.Pipeline;
import dev.baton.model.Stage;
import dev.baton.model.StageTransition;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Renders a pipeline as a diagram source: Mermaid (for Markdown pages) or Graphviz DOT. Each edge
 * is labelled with its required approvals ("auto" for 0). Stateless and thread-safe.
 *
 * @since 0.1
 */
public final class PipelineDiagram {
  /** Words Mermaid reads as syntax where a node id stands; a stage may still be named so. */
  private static final Set<String> MERMAID_WORDS = Set.of("end", "graph", "flowchart",
      "subgraph", "direction", "style", "linkstyle", "classdef", "class", "click", "default");

  private PipelineDiagram() {}

  /**
   * A Mermaid flowchart, left to right. Node ids are the environment names made safe and unique
   * ({@code prod-eu} and {@code prod_eu} stay two nodes, a stage named {@code end} does not end
   * the chart); the quoted labels show the names as they are.
   *
   * @since 0.1
   */
  public static String mermaid(Pipeline pipeline) {
    Map<EnvironmentName, String> ids = mermaidIds(pipeline);
    StringBuilder out = new StringBuilder("flowchart LR\n");
    for (Stage stage : pipeline.stages()) {
      out.append("  ").append(ids.get(stage.environment())).append("[\"")
          .append(stage.environment()).append(" (").append(policy(stage)).append(")\"]\n");
    }
    for (StageTransition t : pipeline.transitions()) {
      out.append("  ").append(ids.get(t.from())).append(" -->|").append(label(t))
          .append("| ").append(ids.get(t.to())).append('\n');
    }
    return out.toString();
  }

  /**
   * A Graphviz DOT digraph, left to right.
   *
   * @since 0.1
   */
  public static String dot(Pipeline pipeline) {
    StringBuilder out = new StringBuilder("digraph \"")
        .append(pipeline.project()).append("\" {\n  rankdir=LR;\n");
    for (Stage stage : pipeline.stages()) {
      out.append("  \"").append(stage.environment()).append("\" [label=\"")
          .append(stage.environment()).append("\\n").append(policy(stage)).append("\"];\n");
    }
    for (StageTransition t : pipeline.transitions()) {
      out.append("  \"").append(t.from()).append("\" -> \"").append(t.to())
          .append("\" [label=\"").append(label(t)).append("\"];\n");
    }
    return out.append("}\n").toString();
  }

  private static String label(StageTransition t) {
    return t.requiredApprovals() == 0 ? "auto" : t.requiredApprovals() + " approval"
        + (t.requiredApprovals() == 1 ? "" : "s");
  }

  private static String policy(Stage stage) {
    return stage.deployPolicy().name().toLowerCase(Locale.ROOT);
  }

  private static Map<EnvironmentName, String> mermaidIds(Pipeline pipeline) {
    Map<EnvironmentName, String> ids = new HashMap<>();
    Set<String> used = new HashSet<>();
    for (Stage stage : pipeline.stages()) {
      String safe = stage.environment().value().replaceAll("[^A-Za-z0-9_]", "_");
      if (MERMAID_WORDS.contains(safe.toLowerCase(Locale.ROOT))) {
        safe = safe + "_";
      }
      String id = safe;
      for (int n = 2; !used.add(id.toLowerCase(Locale.ROOT)); n++) {
        id = safe + "_" + n;
      }
      ids.put(stage.environment(), id);
    }
    return ids;
  }
}

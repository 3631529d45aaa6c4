package dev.baton.pipeline;

import dev.baton.model.Pipeline;
import dev.baton.model.Stage;
import dev.baton.model.Transition;

/**
 * Renders a pipeline as a diagram source: Mermaid (for Markdown pages) or Graphviz DOT. Each edge
 * is labelled with its required approvals ("auto" for 0). Stateless and thread-safe.
 */
public final class PipelineDiagram {

  private PipelineDiagram() {}

  /** A Mermaid flowchart, left to right. */
  public static String mermaid(Pipeline pipeline) {
    StringBuilder out = new StringBuilder("flowchart LR\n");
    for (Stage stage : pipeline.stages()) {
      out.append("  ").append(id(stage.environment().value())).append("[\"")
          .append(stage.environment()).append(" (").append(policy(stage)).append(")\"]\n");
    }
    for (Transition t : pipeline.transitions()) {
      out.append("  ").append(id(t.from().value())).append(" -->|").append(label(t))
          .append("| ").append(id(t.to().value())).append('\n');
    }
    return out.toString();
  }

  /** A Graphviz DOT digraph, left to right. */
  public static String dot(Pipeline pipeline) {
    StringBuilder out = new StringBuilder("digraph \"")
        .append(pipeline.project()).append("\" {\n  rankdir=LR;\n");
    for (Stage stage : pipeline.stages()) {
      out.append("  \"").append(stage.environment()).append("\" [label=\"")
          .append(stage.environment()).append("\\n").append(policy(stage)).append("\"];\n");
    }
    for (Transition t : pipeline.transitions()) {
      out.append("  \"").append(t.from()).append("\" -> \"").append(t.to())
          .append("\" [label=\"").append(label(t)).append("\"];\n");
    }
    return out.append("}\n").toString();
  }

  private static String label(Transition t) {
    return t.requiredApprovals() == 0 ? "auto" : t.requiredApprovals() + " approval"
        + (t.requiredApprovals() == 1 ? "" : "s");
  }

  private static String policy(Stage stage) {
    return stage.deployPolicy().name().toLowerCase(java.util.Locale.ROOT);
  }

  private static String id(String environment) {
    return environment.replaceAll("[^A-Za-z0-9_]", "_");
  }
}

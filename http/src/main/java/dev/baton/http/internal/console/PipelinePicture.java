package dev.baton.http.internal.console;

import static dev.baton.http.internal.console.Views.map;

import dev.baton.model.EnvironmentName;
import dev.baton.model.Pipeline;
import dev.baton.model.Stage;
import dev.baton.model.StageTransition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lays a pipeline out as a picture for the SVG template: each stage a box in the column of its
 * longest path from a first stage (so every arrow points right), stages of one column in the
 * pipeline's order, and each transition an arrow labelled with its approvals and rules. The
 * pipeline is a DAG (the engine refuses cycles), so the columns are well defined. Stateless.
 */
final class PipelinePicture {
  static final int BOX_WIDTH = 168;
  static final int BOX_HEIGHT = 56;
  private static final int COLUMN_GAP = 120;
  private static final int ROW_GAP = 36;
  private static final int MARGIN = 24;

  private PipelinePicture() {}

  /**
   * The picture's values: {@code width}, {@code height}, {@code stages} (name, box, policy,
   * whether frozen) and {@code arrows} (ends and label).
   *
   * @param pipeline the pipeline
   * @param frozen the environments frozen now, drawn as such
   */
  static Map<String, Object> of(Pipeline pipeline, Set<EnvironmentName> frozen) {
    Map<EnvironmentName, Integer> column = columns(pipeline);
    Map<Integer, Integer> rowsUsed = new HashMap<>();
    Map<EnvironmentName, int[]> at = new HashMap<>();
    List<Map<String, Object>> stages = new ArrayList<>();
    int width = 0;
    int height = 0;
    for (Stage stage : pipeline.stages()) {
      int c = column.get(stage.environment());
      int r = rowsUsed.merge(c, 1, Integer::sum) - 1;
      int x = MARGIN + c * (BOX_WIDTH + COLUMN_GAP);
      int y = MARGIN + r * (BOX_HEIGHT + ROW_GAP);
      at.put(stage.environment(), new int[] {x, y});
      width = Math.max(width, x + BOX_WIDTH + MARGIN);
      height = Math.max(height, y + BOX_HEIGHT + MARGIN);
      boolean isFrozen = frozen.contains(stage.environment());
      stages.add(map("name", stage.environment().toString(), "x", x, "y", y,
          "width", BOX_WIDTH, "height", BOX_HEIGHT, "textX", x + BOX_WIDTH / 2,
          "nameY", y + 24, "policyY", y + 44, "policy", stage.deployPolicy().name(),
          "frozen", isFrozen, "boxClass", isFrozen ? "stage frozen" : "stage"));
    }
    List<Map<String, Object>> arrows = new ArrayList<>();
    for (StageTransition t : pipeline.transitions()) {
      int[] from = at.get(t.from());
      int[] to = at.get(t.to());
      int x1 = from[0] + BOX_WIDTH;
      int y1 = from[1] + BOX_HEIGHT / 2;
      int x2 = to[0] - 4;
      int y2 = to[1] + BOX_HEIGHT / 2;
      int rules = pipeline.rulesOf(t).size();
      arrows.add(map("from", t.from().toString(), "to", t.to().toString(),
          "x1", x1, "y1", y1, "x2", x2, "y2", y2,
          "labelX", (x1 + x2) / 2, "labelY", (y1 + y2) / 2 - 8,
          "rulesY", (y1 + y2) / 2 + 16,
          "label", approvals(t.requiredApprovals()),
          "rules", rules == 0 ? null : rules == 1 ? "1 rule" : rules + " rules"));
    }
    return map("width", Math.max(width, 2 * MARGIN), "height", Math.max(height, 2 * MARGIN),
        "stages", stages, "arrows", arrows);
  }

  /** "automatic", "1 approval", "2 approvals". */
  static String approvals(int required) {
    return required == 0 ? "automatic" : required == 1 ? "1 approval" : required + " approvals";
  }

  /** Each stage's column: the length of the longest path reaching it from a first stage. */
  private static Map<EnvironmentName, Integer> columns(Pipeline pipeline) {
    Map<EnvironmentName, Integer> column = new HashMap<>();
    for (Stage stage : pipeline.stages()) {
      column.put(stage.environment(), 0);
    }
    // Relaxing every arrow once per stage reaches the longest paths of a DAG (Bellman-Ford on
    // lengths); pipelines have a handful of stages, so the simple form is the clear one.
    for (int round = 0; round < pipeline.stages().size(); round++) {
      boolean moved = false;
      for (StageTransition t : pipeline.transitions()) {
        int next = column.get(t.from()) + 1;
        if (next > column.get(t.to())) {
          column.put(t.to(), next);
          moved = true;
        }
      }
      if (!moved) {
        break;
      }
    }
    return column;
  }
}

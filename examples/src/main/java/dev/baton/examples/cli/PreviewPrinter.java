package dev.baton.examples.cli;

import dev.baton.manifests.Difference;
import dev.baton.model.ChangeSummary;
import dev.baton.model.PromotionRule;
import dev.baton.preview.FileDiff;
import dev.baton.preview.Preview;
import dev.baton.preview.PreviewItem;
import dev.baton.preview.WorkloadPreview;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Renders a preview for people: the counts; the workloads with their versions; every difference
 * between the environments with whether it moves or stays and why (the staying ones cut to a
 * screenful unless all are asked for); the warnings; and the unified diff of every file the
 * promotion writes. Stateless.
 */
final class PreviewPrinter {
  private static final int MAX_CELL = 32;
  private static final int MAX_STAYING = 30;

  private PreviewPrinter() {}

  /**
   * Prints the preview.
   *
   * @param all whether to list the items the promotion does not change too
   */
  static void print(Output out, Preview preview, boolean all) {
    String source = preview.source().value();
    String target = preview.target().value();
    out.line(out.bold("Preview " + source + " → " + target) + "   (" + source + " at "
        + PromotionView.abbreviate(preview.sourceRevision().value()) + ", " + target + " at "
        + PromotionView.abbreviate(preview.targetRevision().value()) + ")");
    out.line("  carries:  " + (preview.scope().isEmpty() ? "nothing" : preview.scope().stream()
        .map(p -> p.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "))));
    for (PromotionRule rule : preview.rules()) {
      out.line("  rule:     " + rule.files() + (rule.movesWholeFiles() ? " (whole files)"
          : " " + String.join(", ", rule.jsonPaths()))
          + (rule.exclude().isEmpty() ? "" : ", except " + String.join(", ", rule.exclude())));
    }
    ChangeSummary s = preview.summary();
    out.line("  changes:  " + s.total() + " (" + s.workloads() + " workload, " + s.values()
        + " values, " + s.bindings() + " bindings, " + s.variables() + " variables)"
        + (s.conflicts() > 0 ? ", " + out.red(s.conflicts() + " conflicting") : ""));
    if (preview.baseRevision().isEmpty()) {
      out.line("  conflicts: not checked (no earlier promotion into " + target + ")");
    }

    List<List<String>> workloads = new ArrayList<>();
    for (WorkloadPreview w : preview.workloads()) {
      for (PreviewItem item : w.items()) {
        if (shown(item, all)) {
          workloads.add(row(out, List.of(w.name(), item.key()), item));
        }
      }
    }
    section(out, "Workloads", List.of("WORKLOAD", "ITEM"), workloads, source, target);
    differences(out, preview, all);

    if (!preview.warnings().isEmpty()) {
      out.line();
      out.line(out.bold("Warnings"));
      preview.warnings().forEach(w -> out.line("  " + out.yellow("! " + w)));
    }
    out.line();
    if (preview.files().isEmpty()) {
      out.line("Nothing to write: " + target + " already has what " + source + " carries.");
      return;
    }
    out.line(out.bold("Files " + target + " would get") + "   ("
        + preview.files().size() + " file(s))");
    for (FileDiff file : preview.files()) {
      diff(out, file);
    }
  }

  /** Every difference, moving ones first; staying ones cut at a screenful unless all. */
  private static void differences(Output out, Preview preview, boolean all) {
    List<Difference> moving = preview.differences().stream().filter(Difference::moves).toList();
    List<Difference> staying = preview.differences().stream().filter(d -> !d.moves()).toList();
    if (moving.isEmpty() && staying.isEmpty()) {
      return;
    }
    out.line();
    out.line(out.bold("Differences") + "   (" + moving.size() + " move, " + staying.size()
        + " stay)");
    List<List<String>> rows = new ArrayList<>();
    for (Difference d : moving) {
      rows.add(differenceRow(out, d));
    }
    int shownStaying = all ? staying.size() : Math.min(staying.size(), MAX_STAYING);
    for (Difference d : staying.subList(0, shownStaying)) {
      rows.add(differenceRow(out, d));
    }
    String source = preview.source().value().toUpperCase(Locale.ROOT);
    String target = preview.target().value().toUpperCase(Locale.ROOT);
    out.table(List.of("  WHERE", source, target + " NOW", "", "WHY"), rows);
    if (shownStaying < staying.size()) {
      out.line("  … and " + (staying.size() - shownStaying)
          + " more that stay (--all lists them)");
    }
  }

  private static List<String> differenceRow(Output out, Difference d) {
    String reason = d.reason().replaceFirst("^(moves|stays): ", "");
    return List.of("  " + d.where(), cell(d.source()), cell(d.target()),
        d.moves() ? out.green("moves") : "stays", reason);
  }

  private static boolean shown(PreviewItem item, boolean all) {
    return item.changed() || item.conflict() || all && differs(item);
  }

  private static boolean differs(PreviewItem item) {
    return item.source().isPresent() || item.target().isPresent() || item.after().isPresent();
  }

  private static List<String> row(Output out, List<String> keys, PreviewItem item) {
    List<String> row = new ArrayList<>(keys);
    row.add(cell(item.source()));
    row.add(cell(item.target()));
    row.add(cell(item.after()));
    row.add(action(out, item));
    return row;
  }

  private static void section(Output out, String title, List<String> keyHeaders,
      List<List<String>> rows, String source, String target) {
    if (rows.isEmpty()) {
      return;
    }
    out.line();
    out.line(out.bold(title));
    List<String> header = new ArrayList<>(keyHeaders);
    header.addAll(List.of(source.toUpperCase(Locale.ROOT), target.toUpperCase(Locale.ROOT)
        + " NOW", "AFTER", "ACTION"));
    List<List<String>> indented = new ArrayList<>();
    for (List<String> row : rows) {
      List<String> copy = new ArrayList<>(row);
      copy.set(0, "  " + copy.get(0));
      indented.add(copy);
    }
    List<String> head = new ArrayList<>(header);
    head.set(0, "  " + head.get(0));
    out.table(head, indented);
  }

  private static String action(Output out, PreviewItem item) {
    String text = switch (item.action()) {
      case UPDATE -> out.yellow("update");
      case ADD -> out.green("add");
      case REMOVE -> out.red("remove");
      case NO_CHANGE -> item.carried() ? "no change" : "not carried";
    };
    return item.conflict() ? text + " " + out.red("CONFLICT") : text;
  }

  private static String cell(Optional<String> value) {
    if (value.isEmpty()) {
      return "-";
    }
    String text = value.get().replace("\n", "\\n");
    return text.length() <= MAX_CELL ? text : text.substring(0, MAX_CELL - 1) + "…";
  }

  private static void diff(Output out, FileDiff file) {
    out.line();
    String counts = file.addedLines().isPresent()
        ? "  " + out.green("+" + file.addedLines().getAsInt()) + " "
            + out.red("-" + file.removedLines().orElse(0))
        : "";
    out.line(out.bold(file.path()) + "  (" + file.action().wireName() + ")" + counts);
    if (file.diff().isEmpty()) {
      out.line(out.yellow("  diff left out: the file is too large to show (" + file.oldLines()
          + " → " + file.newLines() + " lines)"));
      return;
    }
    for (String line : file.diff().get().stripTrailing().split("\n", -1)) {
      if (line.startsWith("+++") || line.startsWith("---")) {
        out.line(out.bold(line));
      } else if (line.startsWith("@@")) {
        out.line(out.cyan(line));
      } else if (line.startsWith("+")) {
        out.line(out.green(line));
      } else if (line.startsWith("-")) {
        out.line(out.red(line));
      } else {
        out.line(line);
      }
    }
  }
}

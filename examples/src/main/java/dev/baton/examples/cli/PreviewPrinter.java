package dev.baton.examples.cli;

import dev.baton.model.ChangeSummary;
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
 * Renders a preview for people: the counts, one table per kind (workloads, values, bindings,
 * variables) with the source's value, the target's value now and after the promotion, then the
 * warnings and the unified diff of every file the promotion writes. Items the promotion leaves as
 * they are (not carried, or equal once variables are applied) are counted, and listed only when
 * asked for. Stateless.
 */
final class PreviewPrinter {
  private static final int MAX_CELL = 32;

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
    ChangeSummary s = preview.summary();
    out.line("  changes:  " + s.total() + " (" + s.workloads() + " workload, " + s.values()
        + " values, " + s.bindings() + " bindings, " + s.variables() + " variables)"
        + (s.conflicts() > 0 ? ", " + out.red(s.conflicts() + " conflicting") : ""));
    if (preview.baseRevision().isEmpty()) {
      out.line("  conflicts: not checked (no earlier promotion into " + target + ")");
    }

    List<List<String>> workloads = new ArrayList<>();
    int unchanged = 0;
    for (WorkloadPreview w : preview.workloads()) {
      for (PreviewItem item : w.items()) {
        if (shown(item, all)) {
          workloads.add(row(out, List.of(w.name(), item.key()), item));
        } else if (differs(item)) {
          unchanged++;
        }
      }
    }
    section(out, "Workloads", List.of("WORKLOAD", "ITEM"), workloads, source, target);
    section(out, "Values", List.of("KEY"), rows(out, preview.values(), all), source, target);
    section(out, "Bindings", List.of("FILE"), rows(out, preview.bindings(), all), source,
        target);
    section(out, "Variables", List.of("NAME"), rows(out, preview.variables(), all), source,
        target);
    if (!all) {
      for (List<PreviewItem> items : List.of(preview.values(), preview.bindings(),
          preview.variables())) {
        unchanged += (int) items.stream().filter(i -> !i.changed() && differs(i)).count();
      }
    }
    if (unchanged > 0) {
      out.line();
      out.line("  " + unchanged + " more item(s) differ between " + source + " and " + target
          + " but stay as they are");
      out.line("  (not carried by this transition, or equal once variables apply; --all lists"
          + " them)");
    }

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

  private static boolean shown(PreviewItem item, boolean all) {
    return item.changed() || item.conflict() || all && differs(item);
  }

  private static boolean differs(PreviewItem item) {
    return item.source().isPresent() || item.target().isPresent() || item.after().isPresent();
  }

  private static List<List<String>> rows(Output out, List<PreviewItem> items, boolean all) {
    List<List<String>> rows = new ArrayList<>();
    for (PreviewItem item : items) {
      if (shown(item, all)) {
        rows.add(row(out, List.of(item.key()), item));
      }
    }
    return rows;
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

package dev.baton.preview;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.algorithm.myers.MyersDiffWithLinearSpace;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;
import dev.baton.internal.yaml.ContentCache;
import dev.baton.manifests.SensitiveNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The unified diff of each file a promotion writes, as a preview shows it: masked, and dropped
 * when past the limits. Stateless; the diffs are cached by content.
 */
final class FileDiffs {
  private static final ContentCache<DiffKey, FileDiff> DIFFS = new ContentCache<>(1024, 16L << 20);
  private static final String NO_NEWLINE = "\\ No newline at end of file";
  // lines of context around each change in a unified diff, as git and diff(1) show
  private static final int CONTEXT = 3;
  private static final Pattern HUNK =
      Pattern.compile("@@ -(\\d+)(?:,\\d+)? \\+(\\d+)(?:,\\d+)? @@");

  private FileDiffs() {}

  // A file's diff is a pure function of its texts, the sensitive names and the limits; it is
  // immutable, so comparing unchanged files again costs a look-up.
  static FileDiff diff(String path, Optional<String> before, Optional<String> after,
      SensitiveNames sensitive, PreviewLimits limits) {
    long weight = before.map(String::length).orElse(0) + after.map(String::length).orElse(0);
    return DIFFS.get(new DiffKey(path, before, after, sensitive, limits), weight,
        () -> diffNew(path, before, after, sensitive, limits));
  }

  private record DiffKey(String path, Optional<String> before, Optional<String> after,
      SensitiveNames sensitive, PreviewLimits limits) {}

  private static FileDiff diffNew(String path, Optional<String> before, Optional<String> after,
      SensitiveNames sensitive, PreviewLimits limits) {
    PreviewAction action = before.isEmpty() ? PreviewAction.ADD
        : after.isEmpty() ? PreviewAction.REMOVE : PreviewAction.UPDATE;
    List<String> oldLines = lines(before.orElse(""));
    List<String> newLines = lines(after.orElse(""));
    int oldCount = lineCount(before.orElse(""), oldLines);
    int newCount = lineCount(after.orElse(""), newLines);
    if (before.orElse("").length() > limits.maxFileChars()
        || after.orElse("").length() > limits.maxFileChars()
        || oldLines.size() > limits.maxFileLines() || newLines.size() > limits.maxFileLines()) {
      return new FileDiff(path, action, Optional.empty(), true, oldCount, newCount,
          OptionalInt.empty(), OptionalInt.empty());
    }
    Patch<String> patch = patch(oldLines, newLines);
    int added = 0;
    int removed = 0;
    for (AbstractDelta<String> delta : patch.getDeltas()) {
      added += delta.getTarget().size();
      removed += delta.getSource().size();
    }
    if (added + removed > limits.maxDiffLines()) {
      // every added and removed line is a line of the unified diff: it is too long to show
      // whatever its context and headers, so it is neither written nor masked
      return new FileDiff(path, action, Optional.empty(), true, oldCount, newCount,
          OptionalInt.of(added), OptionalInt.of(removed));
    }
    if (hunkLinesAtLeast(patch, CONTEXT) > limits.maxDiffLines()) {
      // the changed lines and the context each hunk shows around them already make the
      // unified diff too long: it is dropped below whatever it says, so it is not written
      return new FileDiff(path, action, Optional.empty(), true, oldCount, newCount,
          OptionalInt.of(added), OptionalInt.of(removed));
    }
    List<String> unified = removalsFirst(masked(UnifiedDiffUtils.generateUnifiedDiff(
        before.isPresent() ? "a/" + path : "/dev/null",
        after.isPresent() ? "b/" + path : "/dev/null", oldLines, patch, CONTEXT),
        lines(sensitive.mask(path, before.orElse(""))),
        lines(sensitive.mask(path, after.orElse("")))));
    if (unified.size() > limits.maxDiffLines()) {
      return new FileDiff(path, action, Optional.empty(), true, oldCount, newCount,
          OptionalInt.of(added), OptionalInt.of(removed));
    }
    return new FileDiff(path, action, Optional.of(String.join("\n", unified) + "\n"), false,
        oldCount, newCount, OptionalInt.of(added), OptionalInt.of(removed));
  }

  /**
   * The line diff: the only shortest one when a linear pass finds it (a promotion's in-place
   * edits almost always leave one), else the linear-space Myers variant, which gives that same
   * diff whenever it is the only shortest one.
   */
  static Patch<String> patch(List<String> oldLines, List<String> newLines) {
    Patch<String> unique = UniqueLineDiff.of(oldLines, newLines);
    if (unique != null) {
      return unique;
    }
    // chosen for this call only; inputs are bounded by the limits. Equal lines are made one
    // instance first, so that it compares them by identity: the same equality as the texts',
    // without comparing characters.
    canonical(oldLines, newLines);
    return DiffUtils.diff(oldLines, newLines,
        new MyersDiffWithLinearSpace<String>((a, b) -> a == b));
  }

  /** Replaces every line of both lists by the first instance of an equal line. */
  private static void canonical(List<String> oldLines, List<String> newLines) {
    Map<String, String> first = new HashMap<>(2 * (oldLines.size() + newLines.size()));
    for (List<String> lines : List.of(oldLines, newLines)) {
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        String known = first.putIfAbsent(line, line);
        if (known != null) {
          lines.set(i, known);
        }
      }
    }
  }

  /**
   * A lower bound of the lines of the unified diff of {@code patch}: every changed line, and
   * between two changes the old lines that separate them, up to {@code context} (lines so
   * close together share a hunk and all show; lines further apart show at least the context
   * after the first change). Headers are not counted.
   */
  private static long hunkLinesAtLeast(Patch<String> patch, int context) {
    long lines = 0;
    int previousEnd = -1;
    for (AbstractDelta<String> delta : patch.getDeltas()) {
      lines += delta.getSource().size() + delta.getTarget().size();
      int start = delta.getSource().getPosition();
      if (previousEnd >= 0) {
        lines += Math.max(0, Math.min(start - previousEnd, context));
      }
      previousEnd = start + delta.getSource().size();
    }
    return lines;
  }

  /**
   * The diff of the real texts shown with the masked texts' lines: each line of a hunk is
   * replaced by the masked line at the same place (masking keeps every line where it was), so
   * a changed secret shows as a changed line without its value.
   */
  private static List<String> masked(List<String> unified, List<String> oldShown,
      List<String> newShown) {
    List<String> out = new ArrayList<>(unified.size());
    int oldAt = 0;
    int newAt = 0;
    boolean inHunk = false;
    for (String line : unified) {
      Matcher hunk = HUNK.matcher(line);
      if (hunk.lookingAt()) {
        inHunk = true;
        oldAt = Integer.parseInt(hunk.group(1)) - 1;
        newAt = Integer.parseInt(hunk.group(2)) - 1;
        out.add(line);
      } else if (!inHunk || line.isEmpty()) {
        out.add(line);
      } else if (line.charAt(0) == '-') {
        out.add("-" + at(oldShown, oldAt++));
      } else if (line.charAt(0) == '+') {
        out.add("+" + at(newShown, newAt++));
      } else {
        out.add(" " + at(newShown, newAt++));
        oldAt++;
      }
    }
    return out;
  }

  // the masked line, or the whole line masked when the texts disagree in shape
  private static String at(List<String> shown, int index) {
    return index >= 0 && index < shown.size() ? shown.get(index) : SensitiveNames.MASK;
  }

  /**
   * The linear-space algorithm reports a changed line as an insertion then a deletion; within
   * each run of changed lines put the removals first, as git and diff(1) do. Both sides of the
   * hunk keep their order, so the diff means the same.
   */
  static List<String> removalsFirst(List<String> unified) {
    List<String> out = new ArrayList<>(unified.size());
    List<String> added = new ArrayList<>();
    boolean inHunk = false;
    char last = ' ';
    for (String line : unified) {
      if (line.startsWith("\\")) {
        // "\ No newline at end of file" belongs to the line before it
        (last == '+' ? added : out).add(line);
        continue;
      }
      boolean change = inHunk && (line.startsWith("+") || line.startsWith("-"));
      last = change ? line.charAt(0) : ' ';
      if (change && last == '+') {
        added.add(line);
        continue;
      }
      if (!change) {
        out.addAll(added);
        added.clear();
      }
      out.add(line);
      inHunk = inHunk || line.startsWith("@@");
    }
    out.addAll(added);
    return out;
  }

  // lines without their '\n'; a last line without one is followed by the marker diff(1) uses
  static List<String> lines(String text) {
    // sized for lines of about 32 characters, so that a long text's list grows once or twice
    List<String> lines = new ArrayList<>(Math.max(10, text.length() >> 5));
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        lines.add(text.substring(start));
        lines.add(NO_NEWLINE);
        break;
      }
      lines.add(text.substring(start, end));
      start = end + 1;
    }
    return lines;
  }

  /** The lines of {@code text}: a last line without a line break counts too. */
  static int lineCount(String text) {
    int count = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        count++;
      }
    }
    return text.isEmpty() || text.endsWith("\n") ? count : count + 1;
  }

  /**
   * The lines of {@code text} as {@link #lineCount(String)} counts them, from its
   * {@link #lines}: each line but a last one without a line break, which is followed by the marker.
   */
  private static int lineCount(String text, List<String> lines) {
    return text.isEmpty() || text.endsWith("\n") ? lines.size() : lines.size() - 1;
  }
}

package dev.baton.examples.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a command prints: text for people on stdout (coloured only on a terminal without
 * {@code NO_COLOR}), JSON for scripts with {@code --json}, problems on stderr. Not thread-safe.
 */
final class Output {
  private static final String RESET = "\u001b[0m";

  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean json;
  private final boolean color;

  Output(PrintWriter out, PrintWriter err, boolean json) {
    this(out, err, json, System.console() != null && System.getenv("NO_COLOR") == null);
  }

  Output(PrintWriter out, PrintWriter err, boolean json, boolean color) {
    this.out = out;
    this.err = err;
    this.json = json;
    this.color = color;
  }

  /** Whether JSON was asked for. */
  boolean json() {
    return json;
  }

  /** Prints a line of text. */
  void line(String text) {
    out.println(text);
  }

  /** Prints an empty line. */
  void line() {
    out.println();
  }

  /** Prints a value as JSON. */
  void json(Object value) {
    out.println(Json.pretty(value));
  }

  /** Prints a line on stderr. */
  void warn(String text) {
    err.println(text);
  }

  /** Text in green (additions, success) when colouring. */
  String green(String text) {
    return paint("32", text);
  }

  /** Text in red (removals, refusals) when colouring. */
  String red(String text) {
    return paint("31", text);
  }

  /** Text in yellow (attention) when colouring. */
  String yellow(String text) {
    return paint("33", text);
  }

  /** Text in cyan (headings of diffs) when colouring. */
  String cyan(String text) {
    return paint("36", text);
  }

  /** Bold text when colouring. */
  String bold(String text) {
    return paint("1", text);
  }

  private String paint(String code, String text) {
    return color ? "\u001b[" + code + "m" + text + RESET : text;
  }

  /** Prints rows under a header, each column as wide as its widest cell. */
  void table(List<String> header, List<List<String>> rows) {
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    int columns = header.size();
    int[] width = new int[columns];
    for (List<String> row : all) {
      for (int c = 0; c < columns; c++) {
        width[c] = Math.max(width[c], row.get(c).codePointCount(0, row.get(c).length()));
      }
    }
    for (List<String> row : all) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < columns; c++) {
        String cell = row.get(c);
        line.append(cell);
        if (c < columns - 1) {
          line.append(" ".repeat(width[c] - cell.codePointCount(0, cell.length()) + 2));
        }
      }
      out.println(line.toString().stripTrailing());
    }
  }

  /** Flushes both streams. */
  void flush() {
    out.flush();
    err.flush();
  }
}

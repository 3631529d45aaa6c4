package dev.baton.internal.yaml;

/** Moves copied YAML text to another indentation and line-break style. Stateless. */
final class Reindent {
  private Reindent() {}

  /**
   * The text with every line after the first shifted right by {@code delta} spaces (left when
   * negative, never past a line's own leading spaces) and every line break written as
   * {@code newline}. The first line is placed by the caller, so it is left alone.
   */
  static String shift(String text, int delta, String newline) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    int i = 0;
    boolean first = true;
    while (true) {
      int j = i;
      while (j < text.length() && text.charAt(j) != '\n' && text.charAt(j) != '\r') {
        j++;
      }
      String line = text.substring(i, j);
      out.append(first ? line : shiftLine(line, delta));
      if (j >= text.length()) {
        return out.toString();
      }
      out.append(newline);
      i = text.startsWith("\r\n", j) ? j + 2 : j + 1;
      first = false;
    }
  }

  private static String shiftLine(String line, int delta) {
    if (line.isEmpty() || delta == 0) {
      return line;
    }
    if (delta > 0) {
      return " ".repeat(delta) + line;
    }
    int drop = 0;
    while (drop < -delta && drop < line.length() && line.charAt(drop) == ' ') {
      drop++;
    }
    return line.substring(drop);
  }
}

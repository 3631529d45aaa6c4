package dev.baton.examples.cli;

import dev.baton.http.json.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a command prints: text for people on stdout (coloured only on a terminal without
 * {@code NO_COLOR}), JSON for scripts with {@code --json}, problems on stderr. Not thread-safe.
 *
 * <p>Every line of text goes through {@link #escape}: what people typed (notes, comments,
 * names, and anything else that reaches a line) cannot move the cursor, recolour or rewrite the
 * screen, or reorder text. Control characters other than newline and tab, ESC, DEL, C1
 * controls, bidirectional overrides and isolates, zero-width and other invisible characters
 * (soft hyphen, tag characters, lone surrogates) are printed as visible escapes such as
 * <code>&#92;u001b</code>. The colour methods do not return escape sequences:
 * they mark a span with private-use characters that only this class turns into colour when it
 * prints (and the text inside a span is escaped when it is marked), so colours survive the
 * escaping and typed text cannot produce more than one of these five harmless colours.
 */
final class Output {
  private static final String RESET = "\u001b[0m";
  // A span is START code END text STOP; these three private-use characters never reach the
  // terminal raw.
  private static final char START = '\uE000';
  private static final char END = '\uE001';
  private static final char STOP = '\uE002';
  private static final List<String> CODES = List.of("1", "31", "32", "33", "36");

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

  /** Prints a line of text, escaped (see the class comment). */
  void line(String text) {
    out.println(render(text, color));
  }

  /** Prints an empty line. */
  void line() {
    out.println();
  }

  /** Prints a value as JSON (Jackson escapes control characters itself). */
  void json(Object value) {
    out.println(Json.pretty(value));
  }

  /** Prints a line on stderr, escaped. */
  void warn(String text) {
    err.println(render(text, false));
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

  private static String paint(String code, String text) {
    // Escaped now, so that marks typed into the text are not taken for ours.
    return START + code + END + escape(text) + STOP;
  }

  /** Prints rows under a header, each column as wide as its widest cell; cells are escaped. */
  void table(List<String> header, List<List<String>> rows) {
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    int columns = header.size();
    int[] width = new int[columns];
    for (List<String> row : all) {
      for (int c = 0; c < columns; c++) {
        width[c] = Math.max(width[c], visibleWidth(row.get(c)));
      }
    }
    for (List<String> row : all) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < columns; c++) {
        String cell = row.get(c);
        line.append(render(cell, color));
        if (c < columns - 1) {
          line.append(" ".repeat(width[c] - visibleWidth(cell) + 2));
        }
      }
      out.println(line.toString().stripTrailing());
    }
  }

  private static int visibleWidth(String cell) {
    String shown = render(cell, false);
    return shown.codePointCount(0, shown.length());
  }

  /** Flushes both streams. */
  void flush() {
    out.flush();
    err.flush();
  }

  /**
   * The text with every character that could act on a terminal shown as a visible escape
   * (<code>&#92;u001b</code>): controls other than newline and tab, DEL and C1 controls,
   * bidirectional marks, overrides and isolates, zero-width and other invisible characters,
   * line and paragraph separators, and the private-use characters the colour marks use.
   */
  static String escape(String text) {
    StringBuilder b = null;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int next = i + Character.charCount(cp);
      if (unsafe(cp)) {
        if (b == null) {
          b = new StringBuilder(text.length() + 16).append(text, 0, i);
        }
        for (char ch : Character.toChars(cp)) {
          b.append(String.format("\\u%04x", (int) ch));
        }
      } else if (b != null) {
        b.append(text, i, next);
      }
      i = next;
    }
    return b == null ? text : b.toString();
  }

  private static boolean unsafe(int cp) {
    return (cp < 0x20 && cp != '\n' && cp != '\t')
        || (cp >= 0x7f && cp <= 0x9f)
        || cp == 0x00ad // soft hyphen
        || cp == 0x061c // Arabic letter mark
        || cp == 0x180e // Mongolian vowel separator
        || (cp >= 0x200b && cp <= 0x200f) // zero-width space/joiners, LRM, RLM
        || (cp >= 0x2028 && cp <= 0x202e) // separators, bidi embeddings and overrides
        || (cp >= 0x2060 && cp <= 0x2069) // word joiner, invisible operators, bidi isolates
        || cp == 0xfeff // zero-width no-break space
        || (cp >= START && cp <= STOP)
        || (cp >= 0xe0000 && cp <= 0xe007f) // invisible tag characters
        || Character.getType(cp) == Character.SURROGATE; // a lone half of a pair
  }

  /** Escapes the text, turning our colour marks into colours (or dropping them). */
  private static String render(String text, boolean color) {
    StringBuilder b = new StringBuilder(text.length() + 16);
    int plain = 0;
    int i = 0;
    while (i < text.length()) {
      char ch = text.charAt(i);
      int end = ch == START ? text.indexOf(END, i + 1) : -1;
      if (end > 0 && CODES.contains(text.substring(i + 1, end))) {
        b.append(escape(text.substring(plain, i)));
        if (color) {
          b.append("\u001b[").append(text, i + 1, end).append('m');
        }
        i = plain = end + 1;
      } else if (ch == STOP) {
        b.append(escape(text.substring(plain, i)));
        if (color) {
          b.append(RESET);
        }
        i = plain = i + 1;
      } else {
        i++;
      }
    }
    return b.append(escape(text.substring(plain))).toString();
  }
}

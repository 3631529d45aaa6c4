package dev.baton.model;

import dev.baton.error.Arguments;
import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import java.util.regex.Pattern;

/**
 * The value records' checks of ids, names, counts and layouts (null checks are {@link Arguments});
 * refusals are {@link ErrorCode#INVALID_ARGUMENT}.
 */
final class Checks {
  /** What {@link #name} accepts (besides refusing ".."); checked by hand, as this says. */
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
  private static final byte[] NOT_IN_NAME = notInName();

  private Checks() {}

  /** A free-form identifier: non-blank, no control characters, at most 200 characters. */
  static String id(String value, String what) {
    Arguments.notNull(value, what);
    if (!isId(value)) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT,
          what + " must be 1-200 printable characters without surrounding spaces: '" + value + "'");
    }
    return value;
  }

  /**
   * Not blank, at most 200 characters, no control character and nothing {@link String#strip}
   * would remove, in one pass: every id of every value record is checked, several per step. No
   * supplementary code point is whitespace, so looking at chars decides as strip and isBlank do.
   * The loop notes a control character ({@link Character#isISOControl}: below U+0020, or U+007F
   * to U+009F) in an int, without leaving early: an id is at most 200 characters, and the loop
   * that left at the first control character took about twice as long over the ids the engine
   * makes (80 characters, a claim's owner: 70 against 34 ns).
   */
  private static boolean isId(String value) {
    int length = value.length();
    if (length == 0 || length > 200 || Character.isWhitespace(value.charAt(0))
        || Character.isWhitespace(value.charAt(length - 1))) {
      return false;
    }
    int control = 0;
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      control |= c < 0x20 || (c >= 0x7f && c <= 0x9f) ? 1 : 0;
    }
    return control == 0;
  }

  /** A name that is safe as a folder or ref component: letters, digits, '.', '_', '-'. */
  static String name(String value, String what) {
    Arguments.notNull(value, what);
    if (!isName(value) || value.contains("..")) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT,
          what + " must start with a letter or digit and use only letters, digits, '.', '_' or '-'"
              + " (at most 63 characters): '" + value + "'");
    }
    return value;
  }

  // NAME, checked by hand: every id made (promotions, releases) and every name read is checked.
  // The characters after the first are looked up in a table and a refusal noted in an int, as in
  // isId: no branch per character.
  private static boolean isName(String value) {
    int length = value.length();
    if (length == 0 || length > 63 || !isAsciiLetterOrDigit(value.charAt(0))) {
      return false;
    }
    int refused = 0;
    for (int i = 1; i < length; i++) {
      char c = value.charAt(i);
      refused |= c < NOT_IN_NAME.length ? NOT_IN_NAME[c] : 1;
    }
    return refused == 0;
  }

  // by ASCII code: 1 for a character NAME refuses after the first, 0 for '.', '_', '-' and
  // letters and digits
  private static byte[] notInName() {
    byte[] refused = new byte[128];
    for (char c = 0; c < refused.length; c++) {
      refused[c] = (byte) (isAsciiLetterOrDigit(c) || c == '.' || c == '_' || c == '-' ? 0 : 1);
    }
    return refused;
  }

  private static boolean isAsciiLetterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  static int nonNegative(int value, String what) {
    if (value < 0) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, what + " must be >= 0, was " + value);
    }
    return value;
  }

  /**
   * A folder pattern relative to the repository root whose placeholders, {@code {environment}}
   * and {@code {project}}, are whole segments used at most once each.
   */
  static String layout(String pattern, String what, boolean needsEnvironment) {
    Arguments.notNull(pattern, what);
    int environments = 0;
    int projects = 0;
    java.util.StringJoiner plain = new java.util.StringJoiner("/");
    for (String segment : pattern.split("/", -1)) {
      if (segment.equals("{environment}")) {
        environments++;
        segment = "e";
      } else if (segment.equals("{project}")) {
        projects++;
        segment = "p";
      } else if (segment.indexOf('{') >= 0 || segment.indexOf('}') >= 0) {
        throw new BatonException(ErrorCode.INVALID_ARGUMENT, what + " '" + pattern
            + "': placeholders are whole segments, {environment} or {project}");
      }
      plain.add(segment); // an empty segment (absolute path, '//') stays and is refused below
    }
    if (environments > 1 || projects > 1 || (needsEnvironment && environments == 0)) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, what + " '" + pattern + "' must hold "
          + (needsEnvironment ? "{environment} once" : "{environment} at most once")
          + " and {project} at most once");
    }
    try {
      EnvironmentPaths.requireInside(plain.toString());
    } catch (BatonException e) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, what + " '" + pattern
          + "' must be a relative folder inside the repository", e);
    }
    return pattern;
  }

  static String text(String value) {
    return value == null ? "" : value;
  }
}

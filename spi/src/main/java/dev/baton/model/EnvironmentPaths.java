package dev.baton.model;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rule for paths inside an environment folder, shared by every adapter: relative, '/'
 * separated, no empty, '.' or '..' segments, no backslashes or control characters, so that no path
 * can leave the folder; and no segment that some file system Git runs on would read as something
 * else, so that every path Baton accepts can be checked out anywhere and passes
 * {@code git fsck --strict}:
 *
 * <ul>
 *   <li>no {@code .git} in any spelling: any case; with trailing dots or spaces, which Windows
 *       drops; as the 8.3 short name {@code git~1} (any {@code git~N}); or with characters that
 *       macOS ignores in names;
 *   <li>no invisible characters at all: Unicode format characters (bidirectional controls,
 *       zero-width characters, the byte-order mark, soft hyphens) and line or paragraph
 *       separators, which let two names look alike;
 *   <li>no characters Windows refuses in names ({@code < > : " | ? *}; the colon also opens an NTFS
 *       stream such as {@code .git::$INDEX_ALLOCATION}), no segment ending in a dot or space, and
 *       no Windows device name ({@code CON}, {@code PRN}, {@code AUX}, {@code NUL}, {@code COM1}
 *       to {@code COM9}, {@code LPT1} to {@code LPT9}, with or without an extension).
 * </ul>
 *
 * <p>Stateless and thread-safe.
 *
 * @since 0.1
 */
public final class EnvironmentPaths {
  private static final String WINDOWS_RESERVED = "<>:\"|?*";
  // the definitions; isDrive and isShortGit check them by hand (EnvironmentPathsTest compares)
  static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");
  static final Pattern SHORT_GIT = Pattern.compile("git~[0-9]+");
  // by ASCII code: the characters of a plain path's segments (isPlain)
  private static final boolean[] PLAIN = plain();
  // isPlain walks the array; the full way asks the set
  private static final String[] DEVICE_NAMES = {"con", "prn", "aux", "nul",
      "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
      "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9"};
  private static final Set<String> DEVICES = Set.of(DEVICE_NAMES);

  private EnvironmentPaths() {}

  /**
   * Returns the path if it stays inside the environment folder.
   *
   * @param path a path relative to the environment folder
   * @return {@code path}, unchanged
   * @throws BatonException {@link ErrorCode#PATH_OUTSIDE_ENVIRONMENT} otherwise
   * @since 0.1
   */
  public static String requireInside(String path) {
    if (isPlain(path)) {
      return path;
    }
    return requireInsideChecked(path);
  }

  /**
   * {@link #requireInside} the full way, rule by rule, and what gives its refusals: for a path
   * that is not {@link #isPlain}.
   */
  static String requireInsideChecked(String path) {
    if (path == null || path.isEmpty() || path.length() > 1024) {
      throw outside(path, "empty or longer than 1024 characters");
    }
    if (path.startsWith("/") || path.contains("\\") || isDrive(path)) {
      throw outside(path, "absolute paths are not allowed");
    }
    for (int i = 0; i < path.length(); i++) {
      if (Character.isISOControl(path.charAt(i))) {
        throw outside(path, "control characters are not allowed");
      }
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw outside(path, "empty, '.' and '..' segments are not allowed");
      }
      checkSegment(path, segment);
    }
    return path;
  }

  /**
   * Whether {@link #requireInsideChecked} accepts the path, decided in one pass without making a
   * string, for the paths nearly every file has: 1 to 1024 ASCII letters, digits, '.', '_', '-'
   * and '/'. Such a path holds no backslash, control, invisible or reserved character, no drive
   * (no ':'), no space and no short name (no '~'), so what is left of the rule is per segment:
   * not empty, not ending in a dot (which covers '.' and '..'), not {@code .git} in any case and
   * no device name before its first dot. False sends the path the full way, which accepts or
   * refuses it with the reason: every path is checked on every read and write, and the full
   * way split it into strings and looked each character up among the reserved ones.
   */
  static boolean isPlain(String path) {
    if (path == null || path.isEmpty() || path.length() > 1024) {
      return false;
    }
    int start = 0;
    int dot = -1;
    for (int i = 0; i <= path.length(); i++) {
      char c = i < path.length() ? path.charAt(i) : '/';
      if (c == '/') {
        if (i == start || path.charAt(i - 1) == '.' || isDotGit(path, start, i)
            || isDevice(path, start, dot < 0 ? i : dot)) {
          return false;
        }
        start = i + 1;
        dot = -1;
      } else if (c >= PLAIN.length || !PLAIN[c]) {
        return false;
      } else if (c == '.' && dot < 0) {
        dot = i;
      }
    }
    return true;
  }

  // whether the segment from `from` to `to` is ".git" in any case
  private static boolean isDotGit(String path, int from, int to) {
    return to - from == 4 && path.regionMatches(true, from, ".git", 0, 4);
  }

  // whether the stem from `from` to `to` (a segment up to its first dot) is a device name, in
  // any case; only ASCII reaches here. Compared in place: most stems of three or four letters
  // (apps, base, prod, dev) are not devices, and a lower-cased copy of each cost a string
  private static boolean isDevice(String path, int from, int to) {
    int length = to - from;
    if (length != 3 && length != 4) {
      return false;
    }
    for (String device : DEVICE_NAMES) {
      if (device.length() == length && path.regionMatches(true, from, device, 0, length)) {
        return true;
      }
    }
    return false;
  }

  private static boolean[] plain() {
    boolean[] plain = new boolean[128];
    for (char c = 0; c < plain.length; c++) {
      plain[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '_' || c == '-';
    }
    return plain;
  }

  private static void checkSegment(String path, String segment) {
    for (int i = 0; i < segment.length(); ) {
      int c = segment.codePointAt(i);
      // no ASCII character is invisible: most names are checked without the Unicode tables
      if (c >= 0x80 && invisible(c)) {
        throw outside(path, String.format("invisible character U+%04X in '%s' (a look-alike name;"
            + " macOS ignores such characters, so '.g' + U+200C + 'it' is '.git' there)",
            c, visible(segment)));
      }
      if (WINDOWS_RESERVED.indexOf(c) >= 0) {
        throw outside(path, "'" + segment + "' holds '" + (char) c
            + "', which Windows refuses in names (and ':' opens an NTFS stream)");
      }
      i += Character.charCount(c);
    }
    String lower = segment.toLowerCase(Locale.ROOT);
    if (lower.equals(".git")) {
      throw outside(path, "'.git' is not allowed");
    }
    if (lower.endsWith(".") || lower.endsWith(" ")) {
      throw outside(path, "'" + segment + "' ends in a dot or space, which Windows drops"
          + (lower.replaceAll("[. ]+$", "").equals(".git") ? " (it would be '.git')" : ""));
    }
    if (isShortGit(lower)) {
      throw outside(path, "'" + segment + "' is a Windows short name of '.git'");
    }
    int dot = lower.indexOf('.');
    int end = dot < 0 ? lower.length() : dot;
    if (strippedLength(lower, end) >= 3 && strippedLength(lower, end) <= 4
        && DEVICES.contains(lower.substring(0, end).strip())) {
      throw outside(path, "'" + segment + "' is a Windows device name");
    }
  }

  /**
   * The length of {@code text.substring(0, end).strip()}, without making either: every device
   * name has 3 or 4 characters, so most names need no look-up.
   */
  private static int strippedLength(String text, int end) {
    int start = 0;
    while (start < end) {
      int c = text.codePointAt(start);
      if (!Character.isWhitespace(c)) {
        break;
      }
      start += Character.charCount(c);
    }
    int last = end;
    while (last > start) {
      int c = text.codePointBefore(last);
      if (!Character.isWhitespace(c)) {
        break;
      }
      last -= Character.charCount(c);
    }
    return last - start;
  }

  /**
   * What {@link #DRIVE} matches, checked by hand (every path of every file read or written is
   * checked): a letter, ':', then no line terminator, which the pattern's '.' does not match.
   */
  static boolean isDrive(String path) {
    if (path.length() < 2 || path.charAt(1) != ':') {
      return false;
    }
    char first = path.charAt(0);
    if (!((first >= 'A' && first <= 'Z') || (first >= 'a' && first <= 'z'))) {
      return false;
    }
    for (int i = 2; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
        return false;
      }
    }
    return true;
  }

  /** What {@link #SHORT_GIT} matches, checked by hand: "git~" and one or more ASCII digits. */
  static boolean isShortGit(String segment) {
    if (segment.length() < 5 || !segment.startsWith("git~")) {
      return false;
    }
    for (int i = 4; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  // Format characters (Cf) hold the bidirectional controls, the zero-width characters, U+2060 to
  // U+206F and U+FEFF: among them every character macOS skips when it compares names.
  private static boolean invisible(int c) {
    int type = Character.getType(c);
    return type == Character.FORMAT || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR || c == 0x200B || c == 0x2060 || c == 0xFEFF;
  }

  private static String visible(String segment) {
    StringBuilder shown = new StringBuilder();
    segment.codePoints().forEach(c -> {
      if (invisible(c) || Character.isISOControl(c)) {
        shown.append(String.format("\\u%04X", c));
      } else {
        shown.appendCodePoint(c);
      }
    });
    return shown.toString();
  }

  private static BatonException outside(String path, String why) {
    return new BatonException(ErrorCode.PATH_OUTSIDE_ENVIRONMENT,
        "path '" + (path == null ? null : visible(path)) + "' is not inside the environment"
            + " folder: " + why);
  }
}

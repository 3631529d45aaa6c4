package dev.baton.manifests;

import java.util.regex.Pattern;

/**
 * The globs of the pipeline file's rules, matched against paths relative to an environment
 * folder: {@code *} within one segment, {@code **} across segments, {@code ?} one character, and
 * a trailing {@code /} for a whole sub-folder.
 */
final class Globs {
  private Globs() {}

  static Pattern compile(String glob) {
    String pattern = glob.endsWith("/") ? glob + "**" : glob;
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '*' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
        boolean slashAfter = i + 2 < pattern.length() && pattern.charAt(i + 2) == '/';
        // "**/" may also match nothing, so "**/x.yaml" matches "x.yaml"
        regex.append(slashAfter ? "(?:.*/)?" : ".*");
        i += slashAfter ? 2 : 1;
      } else if (c == '*') {
        regex.append("[^/]*");
      } else if (c == '?') {
        regex.append("[^/]");
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString());
  }

  static boolean matches(String glob, String path) {
    return compile(glob).matcher(path).matches();
  }
}

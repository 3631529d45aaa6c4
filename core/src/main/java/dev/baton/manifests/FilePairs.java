package dev.baton.manifests;

import dev.baton.model.EnvironmentFiles;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pairs the files of two environment folders: by path, and a file named after its environment
 * ({@code values-staging.yaml}, {@code staging/patch.yaml}) with the other environment's file of
 * the same name ({@code values-production.yaml}) when neither side has the other's name.
 */
final class FilePairs {
  private FilePairs() {}

  /**
   * Target path to paired source path (null for a file only the target has); a file only the
   * source has appears under its own path, paired with itself.
   */
  static Map<String, String> pair(EnvironmentFiles source, EnvironmentFiles target) {
    Map<String, String> out = new TreeMap<>();
    Set<String> pairedTargets = new HashSet<>();
    for (String path : source.files().keySet()) {
      String renamed = renamed(path, source.environment().value(), target.environment().value());
      if (target.files().containsKey(path)) {
        out.put(path, path);
        pairedTargets.add(path);
      } else if (!renamed.equals(path) && target.files().containsKey(renamed)
          && !source.files().containsKey(renamed)) {
        out.put(renamed, path);
        pairedTargets.add(renamed);
      } else {
        out.put(path, path);
      }
    }
    for (String path : target.files().keySet()) {
      if (!pairedTargets.contains(path)) {
        out.put(path, null);
      }
    }
    return out;
  }

  private static String renamed(String path, String from, String to) {
    if (!path.contains(from)) {
      // the common case, without compiling a pattern
      return path;
    }
    Pattern token = Pattern.compile("(?<![A-Za-z0-9])" + Pattern.quote(from) + "(?![A-Za-z0-9])");
    return token.matcher(path).replaceAll(Matcher.quoteReplacement(to));
  }
}

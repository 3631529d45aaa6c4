package dev.baton.model;

import dev.baton.error.Arguments;
import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import java.util.List;

/**
 * A rule of the pipeline file that moves more than the default (the workload versions): in the
 * files that {@code files} matches, either the values that {@code jsonPaths} select, or, with no
 * JSONPath, the files themselves, whole.
 *
 * <p>{@code files} is a glob relative to the environment folder: {@code *} matches within one
 * path segment, {@code **} any number of segments, {@code ?} one character; a pattern ending in
 * {@code /} names a whole sub-folder. A rule that moves whole files owns the paths it matches:
 * they are added, updated and deleted to match the source. A JSONPath rule never adds or deletes
 * a file; a selected value the target lacks is added to its parent mapping. Immutable.
 *
 * @param files glob of the files the rule applies to
 * @param jsonPaths JSONPath expressions (each starting with {@code $}) of what moves in them;
 *     empty to move the matched files whole
 * @param exclude globs of files the rule leaves alone, even where {@code files} matches them
 * @since 0.1
 */
public record PromotionRule(String files, List<String> jsonPaths, List<String> exclude) {

  /**
   * Validates and copies; the JSONPath syntax itself is checked by core.
   *
   * @param files glob of the files the rule applies to
   * @param jsonPaths JSONPath expressions (each starting with {@code $}) of what moves in them;
   *     empty to move the matched files whole
   * @param exclude globs of files the rule leaves alone, even where {@code files} matches them
   * @since 0.1
   */
  public PromotionRule {
    files = glob(files, "files");
    jsonPaths = List.copyOf(Arguments.notNull(jsonPaths, "rule jsonPaths"));
    for (String path : jsonPaths) {
      if (path == null || !path.startsWith("$")) {
        throw new BatonException(ErrorCode.INVALID_ARGUMENT,
            "a rule's JSONPath must start with '$', not '" + path + "'");
      }
    }
    exclude = List.copyOf(Arguments.notNull(exclude, "rule exclude"));
    exclude.forEach(e -> glob(e, "exclude"));
  }

  /**
   * A rule moving the values the JSONPath expressions select in the matched files.
   *
   * @param files a glob of files, relative to the environment folder
   * @param jsonPaths the JSONPath expressions of the values to move
   * @return the rule
   * @since 0.1
   */
  public static PromotionRule values(String files, String... jsonPaths) {
    return new PromotionRule(files, List.of(jsonPaths), List.of());
  }

  /**
   * A rule moving the matched files whole (added, updated and deleted to match the source).
   *
   * @param files a glob of files, relative to the environment folder
   * @param exclude globs of files to leave alone
   * @return the rule
   * @since 0.1
   */
  public static PromotionRule wholeFiles(String files, String... exclude) {
    return new PromotionRule(files, List.of(), List.of(exclude));
  }

  /**
   * Whether the rule moves whole files rather than values inside them.
   *
   * @return {@code true} for a whole-files rule
   * @since 0.1
   */
  public boolean movesWholeFiles() {
    return jsonPaths.isEmpty();
  }

  private static String glob(String pattern, String what) {
    if (pattern == null || pattern.isBlank()) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, "a rule's " + what + " is required");
    }
    // '*' and '?' are the glob's wildcards here, not characters of a name: check the rest.
    String checked = (pattern.endsWith("/") ? pattern + "**" : pattern)
        .replace('*', 'x').replace('?', 'x');
    try {
      EnvironmentPaths.requireInside(checked);
    } catch (BatonException e) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, "a rule's " + what + " '" + pattern
          + "' must be a relative path inside the environment folder", e);
    }
    return pattern;
  }
}

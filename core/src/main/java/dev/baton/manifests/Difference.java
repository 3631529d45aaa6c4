package dev.baton.manifests;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import java.util.Optional;

/**
 * One difference between a source and a target environment, and what a promotion does about it:
 * it moves (the target takes the source's value) or it stays (the target keeps its own), with the
 * reason either way, so that people see what they chose not to carry. Immutable and thread-safe.
 *
 * @param file the file's path in the target's folder (the source's, for a file only it has)
 * @param path where in the file: a document ({@code Deployment/web: }) and a path of keys, list
 *     items by name ({@code containers[app]}) or position ({@code args[0]}); empty for the whole
 *     file
 * @param source the source's value, shown compactly; empty when the source lacks it
 * @param target the target's value now; empty when the target lacks it
 * @param moves whether the promotion writes the source's value into the target
 * @param reason why it moves (the category or rule) or why it stays
 * @param sensitive whether the values are sensitive (see {@link SensitiveNames}): a plan holds
 *     the real values, to decide on; {@link #masked()} is what people may see
 * @since 0.1
 */
public record Difference(String file, String path, Optional<String> source,
    Optional<String> target, boolean moves, String reason, boolean sensitive) {

  /**
   * Validates.
   *
   * @since 0.1
   */
  public Difference {
    if (file == null || path == null || source == null || target == null || reason == null) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, "difference fields are required");
    }
  }

  /**
   * A difference whose values are not sensitive.
   *
   * @since 0.1
   */
  public Difference(String file, String path, Optional<String> source, Optional<String> target,
      boolean moves, String reason) {
    this(file, path, source, target, moves, reason, false);
  }

  /**
   * This difference as people may see it: a sensitive one's values replaced by a mask.
   *
   * @since 0.1
   */
  public Difference masked() {
    if (!sensitive) {
      return this;
    }
    return new Difference(file, path, source.map(v -> SensitiveNames.MASK),
        target.map(v -> SensitiveNames.MASK), moves, reason, true);
  }

  /**
   * {@code file} and {@code path} as one address, for people.
   *
   * @since 0.1
   */
  public String where() {
    return path.isEmpty() ? file : file + ": " + path;
  }
}

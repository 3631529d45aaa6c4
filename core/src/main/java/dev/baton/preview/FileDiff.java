package dev.baton.preview;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.model.EnvironmentPaths;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How the promotion changes one file of the target: a unified text diff, or, for a file beyond
 * the {@link PreviewLimits}, an explicit truncation with line counts instead (never a silently
 * shortened diff). Immutable and thread-safe.
 *
 * @param path the file, relative to the environment folder
 * @param action ADD (new file), REMOVE (deleted file) or UPDATE
 * @param diff the unified diff, absent when truncated
 * @param truncated whether the diff was left out because the file or the diff is too large
 * @param oldLines lines in the target's file now (0 when it is new)
 * @param newLines lines in the file after the promotion (0 when it is deleted)
 * @param addedLines lines the diff adds, absent when the files were too large to compare
 * @param removedLines lines the diff removes, absent when the files were too large to compare
 * @since 0.1
 */
public record FileDiff(String path, PreviewAction action, Optional<String> diff, boolean truncated,
    int oldLines, int newLines, OptionalInt addedLines, OptionalInt removedLines) {
  /**
   * Validates.
   *
   * @since 0.1
   */
  public FileDiff {
    EnvironmentPaths.requireInside(path);
    if (action == null || action == PreviewAction.NO_CHANGE || diff == null || addedLines == null
        || removedLines == null || oldLines < 0 || newLines < 0) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, "invalid file diff for " + path);
    }
    if (truncated == diff.isPresent()) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT,
          "a file diff has its text exactly when it is not truncated: " + path);
    }
  }
}

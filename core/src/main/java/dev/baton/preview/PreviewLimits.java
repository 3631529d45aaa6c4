package dev.baton.preview;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;

/**
 * Bounds on the text diffs of a preview. A file above {@code maxFileChars} or
 * {@code maxFileLines} (before or after) is not compared at all, which also bounds the diff
 * algorithm's work; a diff longer than {@code maxDiffLines} is left out. Either way the file is
 * reported as truncated with its line counts. Immutable and thread-safe.
 *
 * @param maxFileChars largest file compared, in characters
 * @param maxFileLines most lines in a compared file
 * @param maxDiffLines most lines of unified diff shown for one file
 * @since 0.1
 */
public record PreviewLimits(int maxFileChars, int maxFileLines, int maxDiffLines) {
  /**
   * Validates that every bound is positive.
   *
   * @since 0.1
   */
  public PreviewLimits {
    if (maxFileChars < 1 || maxFileLines < 1 || maxDiffLines < 1) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, "preview limits must be positive: "
          + maxFileChars + ", " + maxFileLines + ", " + maxDiffLines);
    }
  }

  /**
   * 256 Ki characters, 5,000 lines per file, 2,000 diff lines per file.
   *
   * @since 0.1
   */
  public static PreviewLimits defaults() {
    return new PreviewLimits(256 * 1024, 5_000, 2_000);
  }
}

package dev.baton.model;

import dev.baton.error.Arguments;
import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import java.util.Optional;

/**
 * One change to a file inside an environment folder: new content, or deletion when content is
 * empty.
 *
 * <p>The executable bit is sticky: {@code executable} marks the written file executable (Git
 * mode {@code 100755}); without it a new file is a regular file and an existing file keeps the
 * mode it had. A promotion therefore never drops an executable bit, and copies it from the
 * source when it copies a whole file.
 *
 * <p>Immutable and thread-safe.
 *
 * @param path path relative to the environment folder; checked to stay inside it
 * @param content the new UTF-8 content, or empty to delete the file
 * @param executable whether the written file is executable; only with content
 * @since 0.1
 */
public record FileChange(String path, Optional<String> content, boolean executable) {
  /**
   * Validates the path.
   *
   * @param path path relative to the environment folder; checked to stay inside it
   * @param content the new UTF-8 content, or empty to delete the file
   * @param executable whether the written file is executable; only with content
   * @since 0.1
   */
  public FileChange {
    EnvironmentPaths.requireInside(path);
    Arguments.notNull(content, "content");
    if (executable && content.isEmpty()) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT,
          "a deletion of '" + path + "' cannot be executable");
    }
  }

  /**
   * A change that marks nothing executable (a new file is regular; an old one keeps its mode).
   *
   * @param path the path relative to the environment folder
   * @param content the new content, or empty to delete
   * @since 0.1
   */
  public FileChange(String path, Optional<String> content) {
    this(path, content, false);
  }

  /**
   * Writes a file (regular when new; an existing file keeps its mode).
   *
   * @param path the path relative to the environment folder
   * @param content the new UTF-8 content
   * @return the change
   * @since 0.1
   */
  public static FileChange write(String path, String content) {
    return new FileChange(path, Optional.of(Arguments.notNull(content, "content")));
  }

  /**
   * Writes a file, executable when {@code executable} (else as {@link #write(String, String)}).
   *
   * @param path the path relative to the environment folder
   * @param content the new UTF-8 content
   * @param executable whether to mark the file executable
   * @return the change
   * @since 0.1
   */
  public static FileChange write(String path, String content, boolean executable) {
    return new FileChange(path, Optional.of(Arguments.notNull(content, "content")), executable);
  }

  /**
   * Deletes a file.
   *
   * @param path the path relative to the environment folder
   * @return the change
   * @since 0.1
   */
  public static FileChange delete(String path) {
    return new FileChange(path, Optional.empty());
  }
}

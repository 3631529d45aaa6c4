package dev.baton.model;

import java.util.Optional;

/**
 * One change to a file inside an environment folder: new content, or deletion when content is
 * empty.
 *
 * @param path path relative to the environment folder; checked to stay inside it
 * @param content the new UTF-8 content, or empty to delete the file
 */
public record FileChange(String path, Optional<String> content) {
  /** Validates the path. */
  public FileChange {
    EnvironmentPaths.requireInside(path);
    Checks.notNull(content, "content");
  }

  /** Writes a file. */
  public static FileChange write(String path, String content) {
    return new FileChange(path, Optional.of(Checks.notNull(content, "content")));
  }

  /** Deletes a file. */
  public static FileChange delete(String path) {
    return new FileChange(path, Optional.empty());
  }
}

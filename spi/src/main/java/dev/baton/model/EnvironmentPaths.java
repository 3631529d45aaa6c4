package dev.baton.model;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;

/**
 * The rule for paths inside an environment folder, shared by every adapter: relative, '/'
 * separated, no empty, '.' or '..' segments, no backslashes or control characters, so that no path
 * can leave the folder.
 */
public final class EnvironmentPaths {
  private EnvironmentPaths() {}

  /**
   * Returns the path if it stays inside the environment folder.
   *
   * @throws BatonException {@link ErrorCode#PATH_OUTSIDE_ENVIRONMENT} otherwise
   */
  public static String requireInside(String path) {
    if (path == null || path.isEmpty() || path.length() > 1024) {
      throw outside(path, "empty or longer than 1024 characters");
    }
    if (path.startsWith("/") || path.contains("\\") || path.matches("^[A-Za-z]:.*")) {
      throw outside(path, "absolute paths are not allowed");
    }
    if (path.chars().anyMatch(Character::isISOControl)) {
      throw outside(path, "control characters are not allowed");
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw outside(path, "empty, '.' and '..' segments are not allowed");
      }
      if (segment.equalsIgnoreCase(".git")) {
        throw outside(path, "'.git' is not allowed");
      }
    }
    return path;
  }

  private static BatonException outside(String path, String why) {
    return new BatonException(ErrorCode.PATH_OUTSIDE_ENVIRONMENT,
        "path '" + path + "' is not inside the environment folder: " + why);
  }
}

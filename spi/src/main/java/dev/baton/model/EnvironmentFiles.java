package dev.baton.model;

import dev.baton.error.Arguments;
import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The files of one environment folder at one revision, as UTF-8 text keyed by their path relative
 * to the folder (for example {@code values.yaml}, {@code manifests/service.yaml}), and which of
 * them are executable. This is all an adapter supplies; understanding the files is core's job.
 *
 * <p>Immutable and thread-safe: collections are copied when it is built (files taken from
 * another {@code EnvironmentFiles}, immutable already, are shared).
 *
 * @param environment the environment
 * @param revision the revision the files were read at (for Git, the branch's commit)
 * @param files relative path to content, sorted by path
 * @param executable the paths of {@code files} that are executable (Git mode {@code 100755})
 * @since 0.1
 */
public record EnvironmentFiles(EnvironmentName environment, Revision revision,
    SortedMap<String, String> files, SortedSet<String> executable) {
  /**
   * Validates every path and copies.
   *
   * @param environment the environment
   * @param revision the revision the files were read at (for Git, the branch's commit)
   * @param files relative path to content, sorted by path
   * @param executable the paths of {@code files} that are executable (Git mode {@code 100755})
   * @since 0.1
   */
  public EnvironmentFiles {
    Arguments.notNull(environment, "environment");
    Arguments.notNull(revision, "revision");
    SortedFiles copy = SortedFiles.copyOf(Arguments.notNull(files, "files"));
    files = copy;
    TreeSet<String> marked = new TreeSet<>();
    for (String path : Arguments.notNull(executable, "executable paths")) {
      if (!copy.containsKey(path)) {
        throw new BatonException(ErrorCode.INVALID_ARGUMENT,
            "'" + path + "' is marked executable but is not one of the files");
      }
      marked.add(path);
    }
    // most environments mark nothing executable: one shared empty set, not a set and a view
    // kept per read
    executable = marked.isEmpty() ? Collections.emptySortedSet()
        : Collections.unmodifiableSortedSet(marked);
  }

  /**
   * Files none of which is executable.
   *
   * @param environment the environment
   * @param revision the revision the files were read at
   * @param files relative path to content
   * @since 0.1
   */
  public EnvironmentFiles(EnvironmentName environment, Revision revision,
      SortedMap<String, String> files) {
    this(environment, revision, files, new TreeSet<>());
  }

  /**
   * Files from any map, none of them executable.
   *
   * @param environment the environment
   * @param revision the revision the files were read at
   * @param files relative path to content, in any map; copied
   * @return the files
   * @since 0.1
   */
  public static EnvironmentFiles of(EnvironmentName environment, Revision revision,
      Map<String, String> files) {
    return new EnvironmentFiles(environment, revision, new TreeMap<>(files));
  }

  /**
   * The content of one file, if present.
   *
   * @param path a path relative to the environment folder
   * @return its content, or empty when there is no such file
   * @since 0.1
   */
  public Optional<String> file(String path) {
    return Optional.ofNullable(files.get(path));
  }

  /**
   * Whether the file is present and executable.
   *
   * @param path a path relative to the environment folder
   * @return {@code true} when the file exists and is executable
   * @since 0.1
   */
  public boolean isExecutable(String path) {
    return executable.contains(path);
  }
}

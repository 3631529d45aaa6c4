package dev.baton.model;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The files of one environment folder at one revision, as UTF-8 text keyed by their path relative
 * to the folder (for example {@code values.yaml}, {@code manifests/service.yaml}). This is all an
 * adapter supplies; understanding the files is core's job.
 *
 * @param environment the environment
 * @param revision the revision the files were read at (for Git, the branch's commit)
 * @param files relative path to content, sorted by path
 */
public record EnvironmentFiles(
    EnvironmentName environment, Revision revision, SortedMap<String, String> files) {
  /** Validates every path and copies. */
  public EnvironmentFiles {
    Checks.notNull(environment, "environment");
    Checks.notNull(revision, "revision");
    TreeMap<String, String> copy = new TreeMap<>();
    Checks.notNull(files, "files").forEach((path, content) ->
        copy.put(EnvironmentPaths.requireInside(path), Checks.notNull(content, "content")));
    files = Collections.unmodifiableSortedMap(copy);
  }

  /** Files from any map. */
  public static EnvironmentFiles of(EnvironmentName environment, Revision revision,
      Map<String, String> files) {
    return new EnvironmentFiles(environment, revision, new TreeMap<>(files));
  }

  /** The content of one file, if present. */
  public Optional<String> file(String path) {
    return Optional.ofNullable(files.get(path));
  }
}

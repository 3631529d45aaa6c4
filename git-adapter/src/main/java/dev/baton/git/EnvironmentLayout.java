package dev.baton.git;

import dev.baton.error.Arguments;
import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.model.EnvironmentName;
import dev.baton.model.EnvironmentPaths;
import dev.baton.model.Pipeline;
import dev.baton.model.ProjectId;
import dev.baton.model.Stage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Where an environment's folder lives in the GitOps repository: a '/'-separated pattern relative
 * to the repository root whose segments may be the placeholders {@code {environment}} (exactly
 * once) and {@code {project}} (at most once), for example {@code envs/{environment}} (the
 * default) or {@code projects/{project}/envs/{environment}}.
 *
 * <p>A placeholder is always a whole segment, so an environment's folder is always a direct child
 * of one parent folder and {@link GitEnvironmentRepository#environments} can list them.
 *
 * <p>An environment may have a folder of its own that the pattern does not give
 * ({@link #withFolder}, a pipeline stage's {@code path:}), such as {@code overlays/prod-eu}; it
 * may hold {@code {project}} (and {@code {environment}}) as whole segments too.
 * {@link #of(Pipeline)} takes both from a pipeline, so the adapter reads exactly the folders that
 * {@link Pipeline#folderOf} names. Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class EnvironmentLayout {
  /**
   * The default pattern, {@code envs/{environment}}.
   *
   * @since 0.1
   */
  public static final String DEFAULT_PATTERN = "envs/{environment}";

  private static final String PROJECT = "{project}";
  private static final String ENVIRONMENT = "{environment}";
  private static final EnvironmentLayout DEFAULT = of(DEFAULT_PATTERN);

  private final String pattern;
  private final List<String> segments;
  private final int environmentIndex;
  private final SortedMap<EnvironmentName, String> folders;

  private EnvironmentLayout(String pattern, List<String> segments, int environmentIndex,
      SortedMap<EnvironmentName, String> folders) {
    this.pattern = pattern;
    this.segments = segments;
    this.environmentIndex = environmentIndex;
    this.folders = Collections.unmodifiableSortedMap(folders);
  }

  /**
   * The layout a pipeline declares: its {@code layout} (default {@value #DEFAULT_PATTERN}) with
   * a folder of its own for every stage that has a {@code path}.
   *
   * @since 0.1
   */
  public static EnvironmentLayout of(Pipeline pipeline) {
    Arguments.notNull(pipeline, "pipeline");
    EnvironmentLayout layout = of(pipeline.layout().orElse(Pipeline.DEFAULT_LAYOUT));
    for (Stage stage : pipeline.stages()) {
      if (stage.path().isPresent()) {
        layout = layout.withFolder(stage.environment(), stage.path().get());
      }
    }
    return layout;
  }

  /**
   * This layout with a folder of its own for one environment, replacing what the pattern gives.
   *
   * @param environment the environment
   * @param folder the folder relative to the repository root; may hold {@code {project}} and
   *     {@code {environment}} as whole segments, each at most once
   * @throws BatonException as {@link #of(String)} does for a bad folder
   * @since 0.1
   */
  public EnvironmentLayout withFolder(EnvironmentName environment, String folder) {
    Arguments.notNull(environment, "environment");
    if (folder == null || folder.isBlank()) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT,
          "the folder of environment " + environment + " is required");
    }
    checkFolder(folder);
    SortedMap<EnvironmentName, String> next = new TreeMap<>(folders);
    next.put(environment, folder);
    return new EnvironmentLayout(pattern, segments, environmentIndex, next);
  }

  /**
   * The environments that have a folder of their own, and that folder as given.
   *
   * @since 0.1
   */
  public Map<EnvironmentName, String> folders() {
    return folders;
  }

  private static void checkFolder(String folder) {
    List<String> plain = new ArrayList<>();
    int projects = 0;
    int environments = 0;
    for (String segment : folder.split("/", -1)) {
      if (segment.equals(PROJECT)) {
        projects++;
        plain.add("p");
      } else if (segment.equals(ENVIRONMENT)) {
        environments++;
        plain.add("e");
      } else if (segment.indexOf('{') >= 0 || segment.indexOf('}') >= 0) {
        throw invalid(folder, "placeholders must be whole segments, and only {environment} and"
            + " {project} are known, not '" + segment + "'");
      } else {
        plain.add(segment);
      }
    }
    if (projects > 1 || environments > 1) {
      throw invalid(folder, "{project} and {environment} may appear only once each");
    }
    try {
      EnvironmentPaths.requireInside(String.join("/", plain));
    } catch (BatonException e) {
      throw new BatonException(ErrorCode.PATH_OUTSIDE_ENVIRONMENT,
          "folder '" + folder + "' must be a relative path inside the repository: "
              + e.problems().get(0), e);
    }
  }

  /**
   * Parses and validates a pattern.
   *
   * @throws BatonException {@link ErrorCode#PATH_OUTSIDE_ENVIRONMENT} when the pattern is
   *     absolute or has empty, '.', '..' or '.git' segments (it could leave the repository);
   *     {@link ErrorCode#INVALID_ARGUMENT} when the placeholders are wrong
   * @since 0.1
   */
  public static EnvironmentLayout of(String pattern) {
    if (pattern == null || pattern.isBlank()) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, "layout pattern is required");
    }
    try {
      EnvironmentPaths.requireInside(pattern);
    } catch (BatonException e) {
      throw new BatonException(ErrorCode.PATH_OUTSIDE_ENVIRONMENT,
          "layout pattern '" + pattern + "' must be a relative path inside the repository: "
              + e.problems().get(0), e);
    }
    List<String> segments = List.of(pattern.split("/"));
    int environmentIndex = -1;
    int projects = 0;
    for (int i = 0; i < segments.size(); i++) {
      String segment = segments.get(i);
      if (segment.equals(ENVIRONMENT)) {
        if (environmentIndex >= 0) {
          throw invalid(pattern, "{environment} may appear only once");
        }
        environmentIndex = i;
      } else if (segment.equals(PROJECT)) {
        projects++;
      } else if (segment.indexOf('{') >= 0 || segment.indexOf('}') >= 0) {
        throw invalid(pattern, "placeholders must be whole segments, and only {environment} and"
            + " {project} are known, not '" + segment + "'");
      }
    }
    if (environmentIndex < 0) {
      throw invalid(pattern, "it must contain the segment {environment}");
    }
    if (projects > 1) {
      throw invalid(pattern, "{project} may appear only once");
    }
    return new EnvironmentLayout(pattern, segments, environmentIndex, new TreeMap<>());
  }

  /**
   * The default layout, {@value #DEFAULT_PATTERN}.
   *
   * @since 0.1
   */
  public static EnvironmentLayout defaultLayout() {
    return DEFAULT;
  }

  /**
   * The pattern as given.
   *
   * @since 0.1
   */
  public String pattern() {
    return pattern;
  }

  /**
   * Whether the pattern or a folder of its own has a {@code {project}} segment (otherwise
   * projects share folders).
   *
   * @since 0.1
   */
  public boolean usesProject() {
    return segments.contains(PROJECT) || folders.values().stream()
        .anyMatch(f -> List.of(f.split("/")).contains(PROJECT));
  }

  /**
   * The environment's folder, relative to the repository root, without a trailing '/'.
   *
   * @since 0.1
   */
  public String folder(ProjectId project, EnvironmentName environment) {
    Arguments.notNull(environment, "environment");
    String own = folders.get(environment);
    if (own != null) {
      List<String> out = new ArrayList<>();
      for (String segment : own.split("/")) {
        out.add(segment.equals(ENVIRONMENT) ? environment.value() : substitute(segment, project));
      }
      return String.join("/", out);
    }
    List<String> out = new ArrayList<>(segments.size());
    for (int i = 0; i < segments.size(); i++) {
      out.add(i == environmentIndex ? environment.value() : substitute(segments.get(i), project));
    }
    return String.join("/", out);
  }

  /** The folder whose children are the environments; empty for the repository root. */
  String parentFolder(ProjectId project) {
    return join(0, environmentIndex, project);
  }

  /** What follows the environment's segment (empty when it is the last one). */
  String suffix(ProjectId project) {
    return join(environmentIndex + 1, segments.size(), project);
  }

  private String join(int from, int to, ProjectId project) {
    List<String> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(substitute(segments.get(i), project));
    }
    return String.join("/", out);
  }

  private static String substitute(String segment, ProjectId project) {
    if (segment.equals(PROJECT)) {
      return Arguments.notNull(project, "project").value();
    }
    return segment;
  }

  private static BatonException invalid(String pattern, String why) {
    return new BatonException(ErrorCode.INVALID_ARGUMENT,
        "layout pattern '" + pattern + "' is not valid: " + why);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof EnvironmentLayout
        && ((EnvironmentLayout) other).pattern.equals(pattern)
        && ((EnvironmentLayout) other).folders.equals(folders);
  }

  @Override
  public int hashCode() {
    return pattern.hashCode() * 31 + folders.hashCode();
  }

  @Override
  public String toString() {
    return "EnvironmentLayout[" + pattern + (folders.isEmpty() ? "" : ", " + folders) + "]";
  }
}

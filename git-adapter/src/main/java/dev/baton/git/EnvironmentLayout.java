package dev.baton.git;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.model.EnvironmentName;
import dev.baton.model.EnvironmentPaths;
import dev.baton.model.ProjectId;
import java.util.ArrayList;
import java.util.List;

/**
 * Where an environment's folder lives in the GitOps repository: a '/'-separated pattern relative
 * to the repository root whose segments may be the placeholders {@code {environment}} (exactly
 * once) and {@code {project}} (at most once), for example {@code envs/{environment}} (the
 * default) or {@code projects/{project}/envs/{environment}}.
 *
 * <p>A placeholder is always a whole segment, so an environment's folder is always a direct child
 * of one parent folder and {@link GitEnvironmentRepository#environments} can list them. Immutable
 * and thread-safe.
 */
public final class EnvironmentLayout {
  /** The default pattern, {@code envs/{environment}}. */
  public static final String DEFAULT_PATTERN = "envs/{environment}";

  private static final String PROJECT = "{project}";
  private static final String ENVIRONMENT = "{environment}";
  private static final EnvironmentLayout DEFAULT = of(DEFAULT_PATTERN);

  private final String pattern;
  private final List<String> segments;
  private final int environmentIndex;

  private EnvironmentLayout(String pattern, List<String> segments, int environmentIndex) {
    this.pattern = pattern;
    this.segments = segments;
    this.environmentIndex = environmentIndex;
  }

  /**
   * Parses and validates a pattern.
   *
   * @throws BatonException {@link ErrorCode#PATH_OUTSIDE_ENVIRONMENT} when the pattern is
   *     absolute or has empty, '.', '..' or '.git' segments (it could leave the repository);
   *     {@link ErrorCode#INVALID_ARGUMENT} when the placeholders are wrong
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
    return new EnvironmentLayout(pattern, segments, environmentIndex);
  }

  /** The default layout, {@value #DEFAULT_PATTERN}. */
  public static EnvironmentLayout defaultLayout() {
    return DEFAULT;
  }

  /** The pattern as given. */
  public String pattern() {
    return pattern;
  }

  /** Whether the pattern has a {@code {project}} segment (otherwise projects share folders). */
  public boolean usesProject() {
    return segments.contains(PROJECT);
  }

  /** The environment's folder, relative to the repository root, without a trailing '/'. */
  public String folder(ProjectId project, EnvironmentName environment) {
    Require.notNull(environment, "environment");
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
      return Require.notNull(project, "project").value();
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
        && ((EnvironmentLayout) other).pattern.equals(pattern);
  }

  @Override
  public int hashCode() {
    return pattern.hashCode();
  }

  @Override
  public String toString() {
    return "EnvironmentLayout[" + pattern + "]";
  }
}

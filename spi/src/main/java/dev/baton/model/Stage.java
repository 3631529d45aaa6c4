package dev.baton.model;

import dev.baton.error.Arguments;
import java.util.Optional;

/**
 * One stage of a pipeline: the environment it maps to, how that environment takes releases, and
 * where its folder is when the pipeline's layout does not say it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param environment the environment of this stage
 * @param deployPolicy DIRECT deploys on execution, MANUAL waits at PENDING_RELEASE
 * @param path the environment's folder relative to the repository root, overriding the
 *     pipeline's {@code layout} for this stage; may hold {@code {project}}
 * @since 0.1
 */
public record Stage(EnvironmentName environment, DeployPolicy deployPolicy,
    Optional<String> path) {
  /**
   * Validates the stage.
   *
   * @param environment the environment of this stage
   * @param deployPolicy DIRECT deploys on execution, MANUAL waits at PENDING_RELEASE
   * @param path the environment's folder relative to the repository root, overriding the
   *     pipeline's {@code layout} for this stage; may hold {@code {project}}
   * @since 0.1
   */
  public Stage {
    Arguments.notNull(environment, "stage environment");
    Arguments.notNull(deployPolicy, "stage deploy policy");
    Arguments.notNull(path, "stage path");
    path.ifPresent(p -> Checks.layout(p, "stage path", false));
  }

  /**
   * A stage whose folder follows the pipeline's layout.
   *
   * @param environment the environment
   * @param deployPolicy how it takes a new release
   * @since 0.1
   */
  public Stage(EnvironmentName environment, DeployPolicy deployPolicy) {
    this(environment, deployPolicy, Optional.empty());
  }

  /**
   * A stage with the DIRECT deploy policy.
   *
   * @param environment the environment's name
   * @return the stage
   * @since 0.1
   */
  public static Stage of(String environment) {
    return new Stage(EnvironmentName.of(environment), DeployPolicy.DIRECT);
  }

  /**
   * A stage with the given deploy policy.
   *
   * @param environment the environment's name
   * @param deployPolicy how it takes a new release
   * @return the stage
   * @since 0.1
   */
  public static Stage of(String environment, DeployPolicy deployPolicy) {
    return new Stage(EnvironmentName.of(environment), deployPolicy);
  }

  /**
   * This stage with its own folder.
   *
   * @param folder the folder, relative to the repository root
   * @return a new stage; this one is unchanged
   * @since 0.1
   */
  public Stage withPath(String folder) {
    return new Stage(environment, deployPolicy, Optional.of(folder));
  }
}

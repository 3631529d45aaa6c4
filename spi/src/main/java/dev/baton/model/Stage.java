package dev.baton.model;

/**
 * One stage of a pipeline: the environment it maps to and how that environment takes releases.
 *
 * @param environment the environment of this stage
 * @param deployPolicy DIRECT deploys on execution, MANUAL waits at PENDING_RELEASE
 */
public record Stage(EnvironmentName environment, DeployPolicy deployPolicy) {
  /** Validates the stage. */
  public Stage {
    Checks.notNull(environment, "stage environment");
    Checks.notNull(deployPolicy, "stage deploy policy");
  }

  /** A stage with the DIRECT deploy policy. */
  public static Stage of(String environment) {
    return new Stage(EnvironmentName.of(environment), DeployPolicy.DIRECT);
  }

  /** A stage with the given deploy policy. */
  public static Stage of(String environment, DeployPolicy deployPolicy) {
    return new Stage(EnvironmentName.of(environment), deployPolicy);
  }
}

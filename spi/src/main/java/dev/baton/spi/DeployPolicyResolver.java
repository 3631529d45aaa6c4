package dev.baton.spi;

import dev.baton.model.DeployPolicy;
import dev.baton.model.EnvironmentName;
import dev.baton.model.ProjectId;

/**
 * Port that decides how a target environment takes a new release. The default answers the policy
 * declared on the pipeline stage; a platform may override it (for example "MANUAL on weekends").
 */
@FunctionalInterface
public interface DeployPolicyResolver {

  /** The policy for this environment, given the one its pipeline stage declares. */
  DeployPolicy resolve(ProjectId project, EnvironmentName environment, DeployPolicy declared);

  /** The default: the stage's declared policy. */
  static DeployPolicyResolver declared() {
    return (project, environment, declared) -> declared;
  }
}

package dev.baton.spi;

import dev.baton.model.DeployPolicy;
import dev.baton.model.EnvironmentName;
import dev.baton.model.ProjectId;

/**
 * Port that decides how a target environment takes a new release. The default answers the policy
 * declared on the pipeline stage; a platform may override it (for example "MANUAL on weekends").
 *
 * <p>The engine asks once per execution, when the release is written (and, in pull request mode,
 * merged) and no freeze holds the deploy: DIRECT deploys at once through the {@link Deployer},
 * MANUAL leaves the promotion PENDING_RELEASE for a person to deploy. A manual deploy never asks.
 * An exception or a {@code null} answer is logged and counts as MANUAL, the safe side. It is
 * called on the executing thread and should answer quickly, without side effects; asked twice
 * with the same arguments it should answer the same ({@code DeployPolicyResolverContract} checks
 * that it answers every declared policy). Implementations must be thread-safe.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface DeployPolicyResolver {

  /**
   * The policy for this environment, given the one its pipeline stage declares.
   *
   * @param project the project
   * @param environment the target environment
   * @param declared the policy the target's stage declares (MANUAL when the pipeline no longer
   *     has the stage)
   * @return the policy to apply now; never null
   * @since 0.1
   */
  DeployPolicy resolve(ProjectId project, EnvironmentName environment, DeployPolicy declared);

  /**
   * The default: the stage's declared policy.
   *
   * @return a stateless, thread-safe resolver that answers {@code declared}
   * @since 0.1
   */
  static DeployPolicyResolver declared() {
    return (project, environment, declared) -> declared;
  }
}

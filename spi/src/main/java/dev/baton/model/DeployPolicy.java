package dev.baton.model;

/**
 * How an environment takes a new release: deployed at once, or held for a person to deploy.
 *
 * <p>Immutable and thread-safe, as every enum.
 *
 * @since 0.1
 */
public enum DeployPolicy {
  /**
   * Deploy through the deployer as soon as the promotion executes.
   *
   * @since 0.1
   */
  DIRECT,
  /**
   * Stop at PENDING_RELEASE; a person deploys the release later.
   *
   * @since 0.1
   */
  MANUAL
}

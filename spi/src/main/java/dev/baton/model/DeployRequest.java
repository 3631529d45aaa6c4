package dev.baton.model;

/**
 * What a deployer is asked to deploy.
 *
 * @param project the project
 * @param environment the target environment
 * @param promotion the promotion that produced the release
 * @param release the release
 * @param revision the revision holding the environment's new state
 * @param by who triggered the deployment
 */
public record DeployRequest(
    ProjectId project, EnvironmentName environment, PromotionId promotion, ReleaseId release,
    Revision revision, UserId by) {
  /** Validates. */
  public DeployRequest {
    Checks.notNull(project, "project");
    Checks.notNull(environment, "environment");
    Checks.notNull(promotion, "promotion");
    Checks.notNull(release, "release");
    Checks.notNull(revision, "revision");
    Checks.notNull(by, "deployer");
  }
}

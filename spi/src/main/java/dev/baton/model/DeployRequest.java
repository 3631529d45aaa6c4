package dev.baton.model;

import dev.baton.error.Arguments;
import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;

/**
 * What a deployer is asked to deploy.
 *
 * <p>Immutable and thread-safe.
 *
 * @param project the project
 * @param environment the target environment
 * @param promotion the promotion that produced the release
 * @param release the release
 * @param revision the revision holding the environment's new state
 * @param by who triggered the deployment
 * @param fencingToken the token of the execution claim this deploy runs under; each token asks
 *     for a deploy at most once, and a later attempt (a retry, a take-over) carries a larger
 *     token, so a deployer can refuse a request older than one it has already seen
 * @since 0.1
 */
public record DeployRequest(
    ProjectId project, EnvironmentName environment, PromotionId promotion, ReleaseId release,
    Revision revision, UserId by, long fencingToken) {
  /**
   * Validates.
   *
   * @param project the project
   * @param environment the target environment
   * @param promotion the promotion that produced the release
   * @param release the release
   * @param revision the revision holding the environment's new state
   * @param by who triggered the deployment
   * @param fencingToken the token of the execution claim this deploy runs under; each token asks
   *     for a deploy at most once, and a later attempt (a retry, a take-over) carries a larger
   *     token, so a deployer can refuse a request older than one it has already seen
   * @since 0.1
   */
  public DeployRequest {
    Arguments.notNull(project, "project");
    Arguments.notNull(environment, "environment");
    Arguments.notNull(promotion, "promotion");
    Arguments.notNull(release, "release");
    Arguments.notNull(revision, "revision");
    Arguments.notNull(by, "deployer");
    if (fencingToken < 0) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT,
          "fencing token must be >= 0, was " + fencingToken);
    }
  }
}

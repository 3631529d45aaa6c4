package dev.baton.spi;

import dev.baton.model.DeployRequest;
import dev.baton.model.DeployResult;

/**
 * Port that deploys a release (for example by syncing an Argo CD application). An exception is
 * treated as a failed deployment: it never loses or doubles a promotion. Implementations must be
 * thread-safe.
 *
 * <h2>When it is called</h2>
 * The engine calls it when an execution reaches its deploy decision and the target's policy is
 * DIRECT (and no freeze holds the deploy), and on a manual {@code Promotions.deploy} of a
 * PENDING_RELEASE promotion. It runs on the thread of the operation that executes the promotion
 * (an approval, a request, {@code resume}, {@code recover}, {@code deploy}), which waits for it;
 * the engine renews its execution claim meanwhile, so a slow deploy is never taken over by
 * another engine.
 *
 * <h2>At most once per claim</h2>
 * The engine records that the deploy is starting before it calls the deployer, so it calls it at
 * most once per {@link DeployRequest#fencingToken()}. An engine that finds a deploy started but
 * never recorded (its executor crashed) records it as interrupted and leaves it to a person, who
 * deploys again under a new, larger token. The engine serialises executions into one target, but
 * a deploy whose executor lost its claim may still be running when a newer one starts: a deployer
 * that can should refuse a request whose token is smaller than one it has already seen for the
 * environment.
 *
 * <h2>Outcome</h2>
 * {@link DeployResult#succeeded()} completes the promotion; a failed result, an exception or a
 * {@code null} leaves it PENDING_RELEASE with the release marked failed and the message recorded
 * (a manual deploy may then retry). Nothing is retried automatically.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface Deployer {

  /**
   * Deploys the release and says whether it worked.
   *
   * <p>It should return once the environment runs the release (or it is known that it will not):
   * the promotion is COMPLETED on a success. It may block and use the network.
   *
   * @param request what to deploy: project, environment, promotion, release, revision, who, and
   *     the fencing token of the execution claim
   * @return whether the deploy worked, with a message for people
   * @since 0.1
   */
  DeployResult deploy(DeployRequest request);

  /**
   * A deployer for repositories where the Git write is the deployment (a GitOps controller such
   * as Argo CD or Flux syncs the branch): it deploys nothing itself and answers success at once.
   * Set it to say so; an engine left at the builder's default deployer warns instead.
   *
   * @return a stateless, thread-safe deployer whose results say that the controller deploys
   * @since 0.1
   */
  static Deployer gitOpsController() {
    return request -> DeployResult.ok("written to " + request.environment() + " at "
        + request.revision() + "; the GitOps controller deploys it");
  }
}

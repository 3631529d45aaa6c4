package dev.baton.memory;

import dev.baton.error.Arguments;
import dev.baton.model.DeployRequest;
import dev.baton.model.DeployResult;
import dev.baton.spi.Deployer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A {@link Deployer} that deploys nothing: it records each request in memory and answers
 * success, for tests and demos that check what the engine asked to deploy. Built with
 * {@link #failingWhen(Predicate)} it answers a failed deployment for selected requests; built
 * with {@link #throwingWhen(Predicate)} it throws, as a broken deployer would. Every request is
 * recorded either way.
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public final class InMemoryDeployer implements Deployer {
  private final Predicate<DeployRequest> fails;
  private final Predicate<DeployRequest> throwsOn;
  private final List<DeployRequest> requests = new CopyOnWriteArrayList<>();

  private InMemoryDeployer(Predicate<DeployRequest> fails, Predicate<DeployRequest> throwsOn) {
    this.fails = fails;
    this.throwsOn = throwsOn;
  }

  /**
   * A deployer for which every deployment succeeds.
   *
   * @since 0.1
   */
  public InMemoryDeployer() {
    this(r -> false, r -> false);
  }

  /**
   * A deployer that answers {@link DeployResult#failed(String)} for the requests the predicate
   * selects and succeeds otherwise. The predicate may consult state the test changes.
   *
   * @since 0.1
   */
  public static InMemoryDeployer failingWhen(Predicate<DeployRequest> fails) {
    return new InMemoryDeployer(Arguments.notNull(fails, "predicate"), r -> false);
  }

  /**
   * A deployer that throws {@link IllegalStateException} for the requests the predicate selects
   * and succeeds otherwise.
   *
   * @since 0.1
   */
  public static InMemoryDeployer throwingWhen(Predicate<DeployRequest> throwsOn) {
    return new InMemoryDeployer(r -> false, Arguments.notNull(throwsOn, "predicate"));
  }

  @Override
  public DeployResult deploy(DeployRequest request) {
    Arguments.notNull(request, "deploy request");
    requests.add(request);
    if (throwsOn.test(request)) {
      throw new IllegalStateException("deployer broke (in-memory deployer set to throw) on "
          + request.environment() + " for " + request.promotion());
    }
    if (fails.test(request)) {
      return DeployResult.failed("deployment of " + request.release() + " to "
          + request.environment() + " failed (in-memory deployer set to fail)");
    }
    return DeployResult.ok("deployed " + request.release() + " to " + request.environment()
        + " at " + request.revision());
  }

  /**
   * Every request received so far, in order.
   *
   * @since 0.1
   */
  public List<DeployRequest> requests() {
    return List.copyOf(requests);
  }
}

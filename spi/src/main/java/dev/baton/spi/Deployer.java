package dev.baton.spi;

import dev.baton.model.DeployRequest;
import dev.baton.model.DeployResult;

/**
 * Port that deploys a release (for example by syncing an Argo CD application). An exception is
 * treated as a failed deployment: it never loses or doubles a promotion. Implementations must be
 * thread-safe.
 */
@FunctionalInterface
public interface Deployer {

  /** Deploys the release and says whether it worked. */
  DeployResult deploy(DeployRequest request);
}

package dev.baton.examples.cli;

import dev.baton.error.BatonException;
import dev.baton.model.DeployResult;
import dev.baton.spi.Deployer;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.lib.Repository;

/**
 * What {@code .baton/deploy.yaml} on the branch gives a workspace, read once: the deployer that
 * runs its commands and, when the file is broken, why. Reads still work with a broken file (its
 * deployer then fails every deploy); the verbs that may deploy refuse first
 * ({@link Workspace#requireValidDeployFile()}). Immutable.
 *
 * @param deployer runs the file's commands, or fails every deploy with the file's problem
 * @param problem why the file cannot be used, if it cannot
 */
record DeployFile(Deployer deployer, Optional<BatonException> problem) {

  /** Reads and checks the file on the branch; commands run in the work tree (or Git dir). */
  static DeployFile read(Repository repository, String branch, Path gitDir) {
    try {
      return new DeployFile(CommandDeployer.fromYaml(
          Repositories.readOnBranch(repository, branch, Workspace.DEPLOY_FILE),
          repository.isBare() ? gitDir : repository.getWorkTree().toPath()), Optional.empty());
    } catch (BatonException e) {
      return new DeployFile(request -> DeployResult.failed(e.getMessage()), Optional.of(e));
    }
  }
}

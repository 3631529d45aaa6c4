package dev.baton.internal.engine;

import dev.baton.model.DeployResult;
import dev.baton.spi.CommitStatusReporter;
import dev.baton.spi.Deployer;
import dev.baton.spi.Notifier;

/**
 * The side-effect ports an engine gets when its builder is given none: the deployer deploys
 * nothing and answers success, the notifier tells nobody, the commit status reporter reports
 * nowhere. They keep nothing either, so a long-running process that forgot one leaks no memory
 * through it (the builder warns instead). Stateless and thread-safe.
 */
public final class DoNothingPorts {
  private static final Notifier NOTIFIER = Notifier.none();

  private DoNothingPorts() {}

  /** A deployer that deploys nothing and answers success, saying so in its message. */
  public static Deployer deployer() {
    // the ids' value(), which toString() gives, without a conversion (see NotificationFactory)
    return request -> DeployResult.ok("nothing deployed: no deployer is set; "
        + request.release().value() + " is written to " + request.environment().value() + " at "
        + request.revision().value());
  }

  /** A notifier that tells nobody. */
  public static Notifier notifier() {
    return NOTIFIER;
  }

  /** Whether this is the notifier of {@link #notifier()}, which neither blocks nor throws. */
  static boolean tellsNobody(Notifier notifier) {
    return notifier == NOTIFIER;
  }

  /** A commit status reporter that reports nowhere. */
  public static CommitStatusReporter commitStatus() {
    return CommitStatusReporter.none();
  }
}

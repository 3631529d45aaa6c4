package dev.baton.spi;

import dev.baton.model.CommitState;
import dev.baton.model.EnvironmentName;
import dev.baton.model.ProjectId;
import dev.baton.model.PromotionId;
import dev.baton.model.Revision;

/**
 * Port that reports a promotion's progress against the commit that carries it (for example as a
 * commit status on the hosting service). Failures are logged and ignored. Thread-safe.
 *
 * <p>The engine reports {@link CommitState#PENDING} once the promotion is written, then
 * {@link CommitState#SUCCESS} when its release is deployed, or {@link CommitState#FAILURE} when
 * the execution ends PENDING_RELEASE (the deploy failed, was interrupted, is held by a freeze or
 * waits for a manual deploy); each manual deploy reports its outcome again. A release waiting for
 * its pull request, and a promotion closed before it was written, report nothing. Reports are
 * made on the executing thread: PENDING right after the write, SUCCESS and FAILURE after the
 * outcome is stored. An exception is logged and changes nothing, and a report is not retried, so
 * a lost report is possible. Calls may block and use the network, holding up the operation that
 * executes the promotion.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface CommitStatusReporter {

  /**
   * Reports the promotion's state on the revision.
   *
   * @param project the project
   * @param environment the target environment
   * @param revision the revision the promotion wrote (for Git, the commit)
   * @param promotion the promotion
   * @param state pending, success or failure
   * @param description one line for people, such as "promotion written" or the deploy outcome
   * @since 0.1
   */
  void report(ProjectId project, EnvironmentName environment, Revision revision,
      PromotionId promotion, CommitState state, String description);

  /**
   * Reports nowhere.
   *
   * @return a stateless, thread-safe reporter that does nothing
   * @since 0.1
   */
  static CommitStatusReporter none() {
    return (project, environment, revision, promotion, state, description) -> { };
  }
}

package dev.baton.spi;

import dev.baton.model.CommitState;
import dev.baton.model.EnvironmentName;
import dev.baton.model.ProjectId;
import dev.baton.model.PromotionId;
import dev.baton.model.Revision;

/**
 * Port that reports a promotion's progress against the commit that carries it (for example as a
 * commit status on the hosting service). Failures are logged and ignored. Thread-safe.
 */
@FunctionalInterface
public interface CommitStatusReporter {

  /** Reports the promotion's state on the revision. */
  void report(ProjectId project, EnvironmentName environment, Revision revision,
      PromotionId promotion, CommitState state, String description);

  /** Reports nowhere. */
  static CommitStatusReporter none() {
    return (project, environment, revision, promotion, state, description) -> { };
  }
}

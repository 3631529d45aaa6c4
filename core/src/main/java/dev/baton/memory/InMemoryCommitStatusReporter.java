package dev.baton.memory;

import dev.baton.error.Arguments;
import dev.baton.model.CommitState;
import dev.baton.model.EnvironmentName;
import dev.baton.model.ProjectId;
import dev.baton.model.PromotionId;
import dev.baton.model.Revision;
import dev.baton.spi.CommitStatusReporter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link CommitStatusReporter} that reports nowhere: it records each report in memory, for
 * tests and demos that check what the engine reported.
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public final class InMemoryCommitStatusReporter implements CommitStatusReporter {
  private final List<Report> reports = new CopyOnWriteArrayList<>();

  /**
   * A reporter that has recorded nothing yet.
   *
   * @since 0.1
   */
  public InMemoryCommitStatusReporter() {}

  @Override
  public void report(ProjectId project, EnvironmentName environment, Revision revision,
      PromotionId promotion, CommitState state, String description) {
    reports.add(new Report(project, environment, revision, promotion, state,
        description == null ? "" : description));
  }

  /**
   * Every report so far, in order.
   *
   * @since 0.1
   */
  public List<Report> reports() {
    return List.copyOf(reports);
  }

  /**
   * One recorded report; the parameters are those of {@link CommitStatusReporter#report}.
   *
   * @param project the project
   * @param environment the environment
   * @param revision the revision reported on
   * @param promotion the promotion
   * @param state the reported state
   * @param description the description, empty when none was given
   * @since 0.1
   */
  public record Report(ProjectId project, EnvironmentName environment, Revision revision,
      PromotionId promotion, CommitState state, String description) {
    /**
     * Refuses nulls.
     *
     * @since 0.1
     */
    public Report {
      Arguments.notNull(project, "project");
      Arguments.notNull(environment, "environment");
      Arguments.notNull(revision, "revision");
      Arguments.notNull(promotion, "promotion");
      Arguments.notNull(state, "state");
      Arguments.notNull(description, "description");
    }
  }
}

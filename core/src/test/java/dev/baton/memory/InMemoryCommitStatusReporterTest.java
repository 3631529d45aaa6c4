package dev.baton.memory;

import static dev.baton.testkit.SamplePromotions.PRODUCTION;
import static dev.baton.testkit.SamplePromotions.PROJECT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.model.CommitState;
import dev.baton.model.PromotionId;
import dev.baton.model.Revision;
import org.junit.jupiter.api.Test;

class InMemoryCommitStatusReporterTest {

  @Test
  void recordsReportsInOrder() {
    InMemoryCommitStatusReporter reporter = new InMemoryCommitStatusReporter();
    Revision revision = Revision.of("mem-3");
    PromotionId promotion = PromotionId.of("p-1");

    reporter.report(PROJECT, PRODUCTION, revision, promotion, CommitState.PENDING, "written");
    reporter.report(PROJECT, PRODUCTION, revision, promotion, CommitState.SUCCESS, null);

    assertThat(reporter.reports()).containsExactly(
        new InMemoryCommitStatusReporter.Report(PROJECT, PRODUCTION, revision, promotion,
            CommitState.PENDING, "written"),
        new InMemoryCommitStatusReporter.Report(PROJECT, PRODUCTION, revision, promotion,
            CommitState.SUCCESS, ""));
  }
}

package dev.baton.examples.shapes;

import dev.baton.Baton;
import dev.baton.PromotionRequest;
import dev.baton.git.EnvironmentLayout;
import dev.baton.git.GitEnvironmentRepository;
import dev.baton.git.state.GitStateStore;
import dev.baton.model.EnvironmentName;
import dev.baton.model.Pipeline;
import dev.baton.model.ProjectId;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionRule;
import dev.baton.model.PromotionStatus;
import dev.baton.model.UserId;
import dev.baton.preview.FileDiff;
import dev.baton.preview.Preview;
import java.util.List;

/**
 * Baton wired on a repository the way a user wires it: environments as folders of the branch
 * {@code main} under the repository's own layout, promotions, pipelines and freezes in the same
 * repository, and the pipeline dev → staging (automatic) → production (one approval).
 */
final class ShapeBaton implements AutoCloseable {
  static final UserId PLATFORM = UserId.of("platform@example.com");
  static final UserId REQUESTER = UserId.of("alice@example.com");
  static final UserId APPROVER = UserId.of("bob@example.com");

  private final String layout;
  private final GitEnvironmentRepository environments;
  private final GitStateStore state;
  private final Baton baton;

  private ShapeBaton(GitRepo repo, String layout) {
    this.layout = layout;
    this.environments = GitEnvironmentRepository.builder().repository(repo.dir()).branch("main")
        .layout(EnvironmentLayout.of(layout)).build();
    this.state = GitStateStore.open(repo.dir());
    this.baton = Baton.builder().environments(environments).promotionStore(state)
        .pipelineStore(state).freezeStore(state).build();
  }

  /** Baton on the repository, environments at {@code layout}. */
  static ShapeBaton open(GitRepo repo, String layout) {
    return new ShapeBaton(repo, layout);
  }

  /** Sets the project's pipeline dev → staging (0) → production (1), with extra rules. */
  ShapeBaton pipeline(String project, PromotionRule... rules) {
    Pipeline.Builder builder = Pipeline.builder(ProjectId.of(project)).layout(layout)
        .stage("dev").stage("staging").stage("production")
        .transition("dev", "staging", 0).transition("staging", "production", 1);
    for (PromotionRule rule : rules) {
      builder.rule(rule);
    }
    baton.pipelines().replace(builder.build(), PLATFORM);
    return this;
  }

  /** The preview of promoting source into target now. */
  Preview preview(String project, String source, String target) {
    return baton.previews().preview(ProjectId.of(project), EnvironmentName.of(source),
        EnvironmentName.of(target));
  }

  /** The paths (relative to the target's folder) the preview says the promotion writes. */
  List<String> previewedFiles(String project, String source, String target) {
    return preview(project, source, target).files().stream().map(FileDiff::path).sorted()
        .toList();
  }

  /**
   * Requests the promotion and, where the transition needs it, approves it as someone else;
   * returns the promotion once it has executed.
   */
  Promotion promote(String project, String source, String target) {
    Promotion promotion = baton.promotions().request(
        PromotionRequest.of(project, source, target, REQUESTER.value())
            .withNotes("promote " + source + " to " + target));
    if (promotion.status() == PromotionStatus.PENDING_APPROVAL) {
      promotion = baton.promotions().approve(promotion.id(), APPROVER, "looks right");
    }
    return promotion;
  }

  @Override
  public void close() {
    baton.close();
    state.close();
    environments.close();
  }
}

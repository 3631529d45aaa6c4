package dev.baton.git.state;

import dev.baton.git.internal.GitRepositories;
import dev.baton.git.state.internal.StateRefSeeder;
import dev.baton.model.BreakGlass;
import dev.baton.model.ChangeSummary;
import dev.baton.model.Decision;
import dev.baton.model.DecisionKind;
import dev.baton.model.DeployPolicy;
import dev.baton.model.DeployState;
import dev.baton.model.EnvironmentName;
import dev.baton.model.ExecutionClaim;
import dev.baton.model.ExecutionStep;
import dev.baton.model.Freeze;
import dev.baton.model.Notification;
import dev.baton.model.NotificationId;
import dev.baton.model.NotificationKind;
import dev.baton.model.Pipeline;
import dev.baton.model.ProjectId;
import dev.baton.model.PromotableProperty;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionStatus;
import dev.baton.model.Release;
import dev.baton.model.ReleaseId;
import dev.baton.model.Revision;
import dev.baton.model.StageTransition;
import dev.baton.model.StatusChange;
import dev.baton.model.UserId;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;

/** Values for the store tests. */
final class Fixtures {
  static final Instant T0 = Instant.parse("2026-11-22T10:15:30.123456789Z");
  static final ProjectId SHOP = ProjectId.of("shop");
  static final EnvironmentName STAGING = EnvironmentName.of("staging");
  static final EnvironmentName PRODUCTION = EnvironmentName.of("production");
  static final UserId ALICE = UserId.of("alice");
  static final UserId BOB = UserId.of("bob");

  private Fixtures() {}

  /** A fresh promotion of project shop from staging to production, requested at T0. */
  static Promotion promotion(String id) {
    return promotion(id, SHOP, T0);
  }

  static Promotion promotion(String id, ProjectId project, Instant at) {
    return Promotion.builder()
        .id(PromotionId.of(id))
        .project(project)
        .source(STAGING)
        .target(PRODUCTION)
        .requester(ALICE)
        .requiredApprovals(1)
        .requestedAt(at)
        .change(new StatusChange(Optional.empty(), PromotionStatus.PENDING_APPROVAL, ALICE, at,
            "requested"))
        .build();
  }

  /** A promotion with every optional part filled in. */
  static Promotion richPromotion(String id) {
    Instant t1 = T0.plusSeconds(60);
    Revision written = Revision.of("0123456789abcdef0123456789abcdef01234567");
    return Promotion.builder()
        .id(PromotionId.of(id))
        .project(SHOP)
        .source(STAGING)
        .target(PRODUCTION)
        .requester(ALICE)
        .notes("Ship it — with \"quotes\",\nnew lines and ünïcödé")
        .idempotencyKey(Optional.of("req/42?x=1"))
        .requiredApprovals(2)
        .requesterMayApprove(true)
        .scope(EnumSet.of(PromotableProperty.VARIABLES, PromotableProperty.IMAGE_TAGS))
        .changes(new ChangeSummary(1, 2, 3, 4, 1))
        .requestedAt(T0)
        .change(new StatusChange(Optional.empty(), PromotionStatus.PENDING_APPROVAL, ALICE, T0,
            "requested"))
        .decision(new Decision(BOB, DecisionKind.APPROVE, "lgtm", t1))
        .change(new StatusChange(Optional.of(PromotionStatus.PENDING_APPROVAL),
            PromotionStatus.PENDING_RELEASE, BOB, t1, "quorum met"))
        .claim(Optional.of(new ExecutionClaim("engine-1", ExecutionStep.RELEASED, t1,
            Optional.of(written), 2, t1.plusSeconds(30))))
        .release(Optional.of(Release.created(ReleaseId.of("r-" + id), written, t1)
            .withDeploy(DeployState.FAILED, "timeout", Optional.empty(), Optional.of(BOB))))
        .breakGlass(Optional.of(breakGlass(t1)))
        .version(3)
        .build();
  }

  /** The next version of a promotion, with one more approval. */
  static Promotion approved(Promotion p, String by) {
    return p.toBuilder()
        .decision(new Decision(UserId.of(by), DecisionKind.APPROVE, "", T0.plusSeconds(5)))
        .version(p.version() + 1)
        .build();
  }

  static Notification notification(String id, Promotion p, Instant at) {
    return new Notification(NotificationId.of(id), NotificationKind.SUBMITTED, p.id(),
        p.project(), p.source(), p.target(), Set.of(BOB, UserId.of("carol")),
        "promote " + p.id(), at);
  }

  static Pipeline pipeline(ProjectId project) {
    return Pipeline.builder(project)
        .stage("dev")
        .stage("staging")
        .stage("production", DeployPolicy.MANUAL)
        .transition("dev", "staging", 0)
        .transition(StageTransition.of("staging", "production", 2).withRequesterMayApprove(true)
            .withScope(EnumSet.of(PromotableProperty.IMAGE_TAGS)))
        .build();
  }

  static Freeze freeze(EnvironmentName env) {
    return new Freeze(SHOP, env, "release week", ALICE, T0, Optional.of(T0.plusSeconds(3600)));
  }

  static BreakGlass breakGlass(Instant start) {
    return new BreakGlass(SHOP, PRODUCTION, BOB, "hotfix", start, start.plusSeconds(900));
  }

  /**
   * Fills a new state ref with promotions p-0.. (with keys key-0..) in one commit, the way a
   * long-lived store would have filled it.
   */
  static void seedPromotions(Path repo, int count) throws IOException {
    List<Promotion> promotions = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      promotions.add(promotion("p-" + i, SHOP, T0.plusSeconds(i)).toBuilder()
          .idempotencyKey(Optional.of("key-" + i)).build());
    }
    try (Repository repository = GitRepositories.open(repo)) {
      StateRefSeeder.write(repository, GitStateStore.DEFAULT_REF, promotions,
          new PersonIdent("seed", "seed@example.com"));
    }
  }
}

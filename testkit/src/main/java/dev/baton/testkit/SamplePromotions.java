package dev.baton.testkit;

import dev.baton.model.BreakGlass;
import dev.baton.model.ChangeSummary;
import dev.baton.model.CommitInfo;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Ready-made, valid values for tests of stores and adapters: promotions, their next versions,
 * notifications, claims, commit infos, pipelines, freezes. Every value is built from the
 * arguments and fixed defaults only (no clock, no randomness), so tests are repeatable.
 *
 * <p>Stateless and thread-safe.
 *
 * @since 0.1
 */
public final class SamplePromotions {
  /**
   * The instant the samples are placed around: 2025-01-01T00:00:00Z.
   *
   * @since 0.1
   */
  public static final Instant T0 = MutableClock.DEFAULT_START;
  /**
   * The project samples belong to unless told otherwise.
   *
   * @since 0.1
   */
  public static final ProjectId PROJECT = ProjectId.of("shop");
  /**
   * A second project, for checks that projects stay apart.
   *
   * @since 0.1
   */
  public static final ProjectId OTHER_PROJECT = ProjectId.of("billing");
  /**
   * The first stage of {@link #pipeline(ProjectId)}.
   *
   * @since 0.1
   */
  public static final EnvironmentName DEV = EnvironmentName.of("dev");
  /**
   * The source environment of sample promotions.
   *
   * @since 0.1
   */
  public static final EnvironmentName STAGING = EnvironmentName.of("staging");
  /**
   * The target environment of sample promotions.
   *
   * @since 0.1
   */
  public static final EnvironmentName PRODUCTION = EnvironmentName.of("production");
  /**
   * The requester of sample promotions.
   *
   * @since 0.1
   */
  public static final UserId ALICE = UserId.of("alice");
  /**
   * An approver.
   *
   * @since 0.1
   */
  public static final UserId BOB = UserId.of("bob");
  /**
   * Another approver.
   *
   * @since 0.1
   */
  public static final UserId CAROL = UserId.of("carol");

  private SamplePromotions() {}

  /**
   * A builder for a new promotion (version 1, PENDING_APPROVAL) of {@link #PROJECT} from
   * {@link #STAGING} to {@link #PRODUCTION}, requested by {@link #ALICE} at {@link #T0}, needing
   * one approval; change what the test needs before {@code build()}.
   *
   * @since 0.1
   */
  public static Promotion.Builder builder(String id) {
    return Promotion.builder()
        .id(PromotionId.of(id))
        .project(PROJECT)
        .source(STAGING)
        .target(PRODUCTION)
        .requester(ALICE)
        .notes("sample promotion " + id)
        .requiredApprovals(1)
        .requestedAt(T0)
        .change(new StatusChange(Optional.empty(), PromotionStatus.PENDING_APPROVAL, ALICE, T0,
            "requested"));
  }

  /**
   * The promotion of {@link #builder(String)} as it is.
   *
   * @since 0.1
   */
  public static Promotion promotion(String id) {
    return builder(id).build();
  }

  /**
   * A new promotion with the given id, project and request time.
   *
   * @since 0.1
   */
  public static Promotion promotion(String id, ProjectId project, Instant requestedAt) {
    return builder(id).project(project).requestedAt(requestedAt).build();
  }

  /**
   * A new promotion of {@link #PROJECT} requested with an idempotency key.
   *
   * @since 0.1
   */
  public static Promotion withKey(String id, ProjectId project, String idempotencyKey) {
    return builder(id).project(project).idempotencyKey(Optional.of(idempotencyKey)).build();
  }

  /**
   * A promotion with every field set (key, source revision, scope, change counts, decisions,
   * history, claim, release, break-glass; version 4), for checking that a store keeps a
   * promotion whole through whatever encoding it uses.
   *
   * @since 0.1
   */
  public static Promotion everyField(String id) {
    Instant approved = T0.plus(Duration.ofMinutes(5));
    Instant released = T0.plus(Duration.ofMinutes(6));
    return builder(id)
        .sourceRevision(Optional.of(Revision.of("4b825dc642cb6eb9a060e54bf8d69288fbee4904")))
        .notes("Ünïcode notes\nover two lines")
        .idempotencyKey(Optional.of("req-" + id))
        .requiredApprovals(2)
        .requesterMayApprove(true)
        .scope(Set.of(PromotableProperty.IMAGE_TAGS, PromotableProperty.REPLICAS))
        .changes(new ChangeSummary(1, 2, 3, 4, 1))
        .decision(new Decision(BOB, DecisionKind.APPROVE, "looks good", T0.plusSeconds(60)))
        .decision(new Decision(CAROL, DecisionKind.APPROVE, "", approved))
        .change(new StatusChange(Optional.of(PromotionStatus.PENDING_APPROVAL),
            PromotionStatus.PENDING_RELEASE, CAROL, released, "quorum met; MANUAL target"))
        .claim(Optional.of(new ExecutionClaim("engine-a", ExecutionStep.RELEASED, approved,
            Optional.of(Revision.of("mem-42")), 3, released.plusSeconds(20))))
        .release(Optional.of(new Release(ReleaseId.of("r-" + id), Revision.of("mem-42"),
            released, DeployState.FAILED, "timeout", Optional.empty(), Optional.of(CAROL))))
        .breakGlass(Optional.of(breakGlass(PROJECT, PRODUCTION, T0)))
        .version(4)
        .build();
  }

  /**
   * The next version of a promotion ({@code version + 1}) with different notes.
   *
   * @since 0.1
   */
  public static Promotion next(Promotion current, String notes) {
    return current.toBuilder().notes(notes).version(current.version() + 1).build();
  }

  /**
   * The next version of a promotion moved to another status by {@link #BOB}, one minute after
   * its last recorded change.
   *
   * @since 0.1
   */
  public static Promotion next(Promotion current, PromotionStatus status) {
    Instant at = current.history().isEmpty()
        ? current.requestedAt()
        : current.history().get(current.history().size() - 1).at();
    return current.toBuilder()
        .change(new StatusChange(Optional.of(current.status()), status, BOB,
            at.plus(Duration.ofMinutes(1)), "sample change"))
        .version(current.version() + 1)
        .build();
  }

  /**
   * A SUBMITTED notification about the promotion, to {@link #BOB}.
   *
   * @since 0.1
   */
  public static Notification notification(String id, Promotion about, Instant createdAt) {
    return notification(id, NotificationKind.SUBMITTED, about, createdAt);
  }

  /**
   * A notification of the given kind about the promotion, to {@link #BOB} and {@link #CAROL}.
   *
   * @since 0.1
   */
  public static Notification notification(String id, NotificationKind kind, Promotion about,
      Instant createdAt) {
    return new Notification(NotificationId.of(id), kind, about.id(), about.project(),
        about.source(), about.target(), Set.of(BOB, CAROL),
        kind + " " + about.source() + " to " + about.target(), createdAt);
  }

  /**
   * An execution claim at step CLAIMED with fencing token 1, renewed when taken.
   *
   * @since 0.1
   */
  public static ExecutionClaim claim(String owner, Instant since) {
    return ExecutionClaim.taken(owner, 1, since);
  }

  /**
   * What a write for the promotion says about itself, approved by {@link #BOB}.
   *
   * @since 0.1
   */
  public static CommitInfo commit(PromotionId promotion, Instant at) {
    return new CommitInfo(promotion, "Promote " + promotion, "sample notes", ALICE, List.of(BOB),
        at);
  }

  /**
   * A pipeline (version 0) dev → staging (no approval) → production (two approvals, MANUAL
   * deploys, requester may approve, its own scope).
   *
   * @since 0.1
   */
  public static Pipeline pipeline(ProjectId project) {
    return Pipeline.builder(project)
        .stage("dev")
        .stage("staging")
        .stage("production", DeployPolicy.MANUAL)
        .transition("dev", "staging", 0)
        .transition(StageTransition.of("staging", "production", 2)
            .withRequesterMayApprove(true)
            .withScope(Set.of(PromotableProperty.IMAGE_TAGS)))
        .build();
  }

  /**
   * A freeze by {@link #BOB} from {@code from} until lifted.
   *
   * @since 0.1
   */
  public static Freeze freeze(ProjectId project, EnvironmentName environment, Instant from) {
    return new Freeze(project, environment, "release freeze", BOB, from, Optional.empty());
  }

  /**
   * A one-hour break-glass session opened by {@link #CAROL}.
   *
   * @since 0.1
   */
  public static BreakGlass breakGlass(ProjectId project, EnvironmentName environment,
      Instant startedAt) {
    return new BreakGlass(project, environment, CAROL, "hotfix", startedAt,
        startedAt.plus(Duration.ofHours(1)));
  }
}

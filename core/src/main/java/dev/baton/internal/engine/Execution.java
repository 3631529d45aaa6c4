package dev.baton.internal.engine;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.lifecycle.Lifecycle;
import dev.baton.lifecycle.PromotionEvent;
import dev.baton.manifests.PromotionPlan;
import dev.baton.manifests.SensitiveNames;
import dev.baton.model.CasResult;
import dev.baton.model.CommitInfo;
import dev.baton.model.CommitState;
import dev.baton.model.Decision;
import dev.baton.model.DecisionKind;
import dev.baton.model.EnvironmentFiles;
import dev.baton.model.EnvironmentWrite;
import dev.baton.model.ExecutionClaim;
import dev.baton.model.ExecutionStep;
import dev.baton.model.FileChange;
import dev.baton.model.Notification;
import dev.baton.model.NotificationKind;
import dev.baton.model.Pipeline;
import dev.baton.model.ProjectId;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionQuery;
import dev.baton.model.PromotionStatus;
import dev.baton.model.Release;
import dev.baton.model.ReleaseId;
import dev.baton.model.Revision;
import dev.baton.model.UserId;
import dev.baton.model.WriteResult;
import dev.baton.model.WriteStatus;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries a claimed promotion through its steps (write, release, deploy decision, deploy; the
 * last two in {@link Deployment}), recording each step as a fenced compare-and-set
 * ({@link ClaimFence}) so that a restarted engine resumes where it stopped, the target is written
 * once and the deployer is called at most once per claim token. The write, its release and the
 * step that follows are one compare-and-set. While it runs, the claim is renewed
 * ({@link ClaimHeartbeat}); an executor whose claim was taken over records nothing more and
 * stops.
 */
final class Execution {
  private static final Logger LOG = LoggerFactory.getLogger(Execution.class);
  /** Refusals at execution that close the promotion: retrying cannot make them go away. */
  private static final Set<ErrorCode> INVALIDATING = EnumSet.of(ErrorCode.TARGET_CHANGED,
      ErrorCode.STALE_PROMOTION, ErrorCode.NOTHING_TO_PROMOTE);

  private final Wiring wiring;
  private final PromotionPreviews previews;
  private final NotificationFactory notifications;
  private final TargetClaims claims;
  private final OutboxDelivery outbox;
  private final MergeWait merges;
  private final ClaimFence fence;
  private final WriteFreeze writeFreeze;
  private final ClaimHeartbeat heartbeat;
  private final StandingWrite standingWrites;
  private final Deployment deployment;

  Execution(Wiring wiring, PromotionPreviews previews, NotificationFactory notifications,
      TargetClaims claims, OutboxDelivery outbox, ClaimHeartbeat heartbeat) {
    this.wiring = wiring;
    this.previews = previews;
    this.notifications = notifications;
    this.claims = claims;
    this.outbox = outbox;
    this.merges = new MergeWait(wiring, notifications, claims, outbox);
    this.fence = new ClaimFence(wiring);
    this.writeFreeze = new WriteFreeze(wiring);
    this.heartbeat = heartbeat;
    this.standingWrites = new StandingWrite(wiring);
    this.deployment = new Deployment(wiring, notifications, merges, fence);
  }

  /** Runs the remaining steps of a promotion this caller holds the claim of. */
  Promotion run(Promotion claimed) {
    try (ClaimHeartbeat.Beat beat = heartbeat.start(claimed, actor(claimed))) {
      return steps(claimed);
    }
  }

  private Promotion steps(Promotion claimed) {
    Promotion p = claimed;
    PipelineOnce pipeline = new PipelineOnce(p.project());
    while (p.claim().isPresent()) {
      Optional<Promotion> next;
      try {
        next = switch (p.claim().get().step()) {
          case CLAIMED -> write(p, pipeline);
          // recorded alone only by engines before 0.2: this one records a write with its release
          case WRITTEN -> release(p);
          case RELEASED -> deployment.take(p, List.of(),
              deployment.decide(p, p.release().orElseThrow(), pipeline));
          case DEPLOYING -> deployment.interrupted(p);
        };
      } catch (BatonException | IllegalStateException e) {
        if (p.claim().get().step() == ExecutionStep.CLAIMED) {
          if (e instanceof BatonException refusal && INVALIDATING.contains(refusal.code())) {
            return invalidate(p, refusal);
          }
          Optional<Revision> standing = writeAfterFailure(p, e);
          if (standing.isEmpty()) {
            throw abandon(p, e.getMessage(), e);
          }
          try {
            // the first look may have failed and this one found an earlier claim's write
            standingWrites.requireNotBehind(p, standing.get());
            List<PromotionEvent> written = writtenAndReleased(p, newRelease(standing.get()));
            next = fence.record(p, written);
          } catch (RuntimeException notRecorded) {
            if (notRecorded instanceof BatonException refusal
                && INVALIDATING.contains(refusal.code())) {
              Guard.suppress(refusal, e);
              return invalidate(p, refusal);
            }
            // the claim stays (recovery records the write); the caller hears the first failure
            Guard.suppress(e, notRecorded);
            throw e;
          }
        } else {
          throw e;
        }
      }
      if (next.isEmpty()) {
        return takenOver(p);
      }
      p = next.get();
    }
    claims.release(p);
    outbox.deliverAfterChange();
    return p;
  }

  /**
   * The write of a promotion whose write call failed, when it was made nonetheless (a repository
   * that committed, then failed to answer). Dropping the claim then would leave a write in the
   * target under no claim: another promotion would take the target and write over it, and this
   * one's next claim would find the write and record it, a release older than the target's. The
   * write was made by this run, after its look, so it is recorded and the execution goes on
   * (unless {@link StandingWrite} refuses it: when the run's first look failed, the write found
   * may be an earlier claim's, behind a newer release). A repository that cannot tell now
   * counts as no write: the claim is dropped as before, the write possibly standing; the next run
   * that finds it records it only if no other promotion released on top of it.
   */
  private Optional<Revision> writeAfterFailure(Promotion p, RuntimeException failure) {
    try {
      Optional<Revision> standing = wiring.environments().findWrite(p.project(), p.target(),
          p.id());
      standing.ifPresent(r -> LOG.warn("promotion {}: the write to {} failed ({}) but stands as"
          + " {}", p.id(), p.target(), failure.getMessage(), r));
      return standing;
    } catch (RuntimeException e) {
      Guard.suppress(failure, e);
      return Optional.empty();
    }
  }

  /** What another executor made of a promotion this one was executing; this one stops. */
  private Promotion takenOver(Promotion p) {
    Promotion now = wiring.promotions().find(p.id()).orElseThrow();
    LOG.info("promotion {} was taken over by {}; {} (token {}) stops", p.id(),
        now.claim().map(ExecutionClaim::owner).orElse("another executor"),
        p.claim().map(ExecutionClaim::owner).orElse("?"), ClaimFence.token(p));
    return now;
  }

  /** Takes over a stale claim (crash, restart) and finishes what it started. */
  Optional<Promotion> takeOver(Promotion p) {
    Instant now = wiring.clock().instant();
    String owner = wiring.instanceId() + "/" + wiring.ids().next("x");
    Promotion taken = Lifecycle.apply(p, new PromotionEvent.Claim(owner, p.requester(), now));
    if (wiring.promotions().compareAndSet(p.version(), taken, List.of()) != CasResult.APPLIED) {
      return Optional.empty();
    }
    if (taken.status() == PromotionStatus.PENDING_RELEASE
        && taken.claim().get().step() == ExecutionStep.DEPLOYING) {
      recovered(taken);
      // A manual deploy claims at DEPLOYING: it was interrupted. A merged pull request's claim
      // (at RELEASED) has not started its deploy yet and goes on below.
      Optional<Promotion> recorded = deployment.interrupted(taken);
      recorded.ifPresent(claims::release);
      outbox.deliverAfterChange();
      return Optional.of(recorded.orElseGet(() -> takenOver(taken)));
    }
    if (mayNotHaveLooked(taken)) {
      // Its executor may have stopped between storing the claim and looking for another
      // execution into the target; that look is made now, before this claim writes or deploys.
      Optional<PromotionId> executing = claims.otherExecuting(taken);
      if (executing.isPresent() && mayHaveWritten(taken)) {
        // A write of this promotion may stand in the target. Stepping back would leave it there
        // unrecorded while the target goes to others; running would run beside the one found
        // (the write may be an earlier claim's, made before a look this claim never made). The
        // claim stays, unrun: the one found steps back on seeing it if it has not looked yet,
        // and a later recovery looks again and, alone, records the write.
        LOG.warn("promotion {} not recovered now: promotion {} is executing into {} and a write"
            + " of {} may stand there; its claim is kept", p.id(), executing.get(), p.target(),
            p.id());
        return Optional.empty();
      }
      if (executing.isPresent()) {
        String reason = "promotion " + executing.get() + " is executing into " + p.target()
            + (taken.status() == PromotionStatus.PENDING_RELEASE
                ? "; the merged release waits for a deploy by hand"
                : "; recover or resume executes it once the target is free");
        LOG.warn("promotion {} not recovered: {}", p.id(), reason);
        if (taken.status() == PromotionStatus.PENDING_RELEASE) {
          merges.waitForDeployByHand(taken, executing, reason, actor(taken));
        } else {
          stepBackWaiting(taken, executing.get(), reason);
        }
        outbox.deliverAfterChange();
        return Optional.empty();
      }
    }
    recovered(taken);
    return Optional.of(run(taken));
  }

  private static void recovered(Promotion taken) {
    LOG.info("promotion {} recovered at step {} by {} (token {})", taken.id(),
        taken.claim().get().step(), taken.claim().get().owner(), ClaimFence.token(taken));
  }

  /**
   * Whether a claim at CLAIMED may have a write standing in the target: its executor, or an
   * earlier claim of the promotion, wrote and stopped before recording it. A repository that
   * cannot tell now counts as yes, the side that keeps the claim.
   */
  private boolean mayHaveWritten(Promotion taken) {
    if (taken.status() != PromotionStatus.PENDING_APPROVAL) {
      return false;
    }
    try {
      return wiring.environments().findWrite(taken.project(), taken.target(), taken.id())
          .isPresent();
    } catch (RuntimeException cannotTell) {
      LOG.warn("promotion {}: cannot tell whether its write stands ({})", taken.id(),
          cannotTell.getMessage());
      return true;
    }
  }

  /**
   * Whether a claim may be one whose executor never looked for another execution into the
   * target ({@link TargetClaims#otherExecuting}): an execution's claim before its write, or a
   * merged release's claim (taken at RELEASED while PENDING_RELEASE) before its deploy decision.
   * Claims further on were looked at before their first step; a manual deploy's (DEPLOYING) is
   * recorded interrupted, never run.
   */
  private static boolean mayNotHaveLooked(Promotion taken) {
    ExecutionStep step = taken.claim().orElseThrow().step();
    return taken.status() == PromotionStatus.PENDING_APPROVAL
        ? step == ExecutionStep.CLAIMED : step == ExecutionStep.RELEASED;
  }

  /**
   * Closes a promotion that may not write what was approved (REJECTED, an INVALIDATE decision,
   * the requester told), then throws the refusal; a promotion another executor took over is
   * returned as it now stands instead. Nothing was written by this claim, and nothing is
   * released (a write {@link StandingWrite} refused stays in the target's history, under the
   * newer release).
   */
  private Promotion invalidate(Promotion p, BatonException refusal) {
    LOG.info("promotion {} not executed: {}", p.id(), refusal.getMessage());
    Instant now = wiring.clock().instant();
    String reason = refusal.code() + ": " + String.join("; ", refusal.problems());
    PromotionEvent event = new PromotionEvent.Invalidate(reason, actor(p), now);
    Optional<Promotion> closed = fence.record(p, current -> Lifecycle.apply(current, event),
        next -> notifications.outcome(next, NotificationKind.REJECTED, reason, now));
    closed.ifPresent(claims::release);
    outbox.deliverAfterChange();
    if (closed.isEmpty()) {
      return takenOver(p);
    }
    throw refusal;
  }

  /**
   * Drops the claim of a promotion that found {@code executing} claimed into its target right
   * after claiming (nothing was written or deployed) and returns PROMOTION_IN_PROGRESS for the
   * caller to throw; {@code then} tells what to do about it.
   */
  BatonException stepBack(Promotion claimed, PromotionId executing, String then) {
    String reason = "promotion " + executing + " is executing into " + claimed.target();
    LOG.warn("promotion {} not executed: {}", claimed.id(), reason);
    stepBackWaiting(claimed, executing, reason + "; " + then);
    outbox.deliverAfterChange();
    return new BatonException(ErrorCode.PROMOTION_IN_PROGRESS, reason + "; " + then);
  }

  /**
   * Drops the claim of a promotion that must not execute while {@code executing} does, and
   * tells its requester why: the start told them it was approved (and executes), and a later
   * start tells that again, so without this they would not learn that it waits in between. The
   * notification is an APPROVED one, the promotion's standing: approved, not executed yet.
   */
  private void stepBackWaiting(Promotion claimed, PromotionId executing, String reason) {
    Instant now = wiring.clock().instant();
    PromotionEvent abandon = new PromotionEvent.Abandon(reason, actor(claimed), now);
    claims.stepBack(claimed, Optional.of(executing), current -> Lifecycle.apply(current, abandon),
        next -> next.status() == PromotionStatus.PENDING_APPROVAL
            ? notifications.outcome(next, NotificationKind.APPROVED, "waits for "
                + claimed.target() + ": " + reason, now)
            : List.of());
  }

  /**
   * Drops the claim after a failure before anything was written and returns the failure for the
   * caller to throw.
   */
  RuntimeException abandon(Promotion p, String reason, RuntimeException failure) {
    LOG.warn("promotion {} not executed: {}", p.id(), reason);
    fence.record(p, new PromotionEvent.Abandon(reason, actor(p), wiring.clock().instant()))
        .ifPresent(claims::release);
    return failure;
  }

  /** Deploys a PENDING_RELEASE promotion's release by hand, deciding on the promotion as read. */
  Promotion deployByHand(Promotion p, UserId by) {
    PromotionId id = p.id();
    if (p.status() != PromotionStatus.PENDING_RELEASE || p.release().isEmpty()) {
      throw new BatonException(ErrorCode.ILLEGAL_STATE, "promotion " + id + " is "
          + p.status() + "; only a PENDING_RELEASE promotion can be deployed");
    }
    if (p.claim().isPresent()) {
      throw new BatonException(ErrorCode.PROMOTION_IN_PROGRESS,
          "promotion " + id + " is being deployed right now");
    }
    Instant now = wiring.clock().instant();
    FreezeCheck freeze = FreezeCheck.of(wiring.freezes(), p.project(), p.target(), now);
    if (freeze.held()) {
      throw new BatonException(ErrorCode.ENVIRONMENT_FROZEN, p.target() + " is frozen: "
          + freeze.freeze().get().reason() + " (a break-glass session lets deployments through)");
    }
    requireNewest(p);
    if (!claims.acquire(p)) {
      throw new BatonException(ErrorCode.PROMOTION_IN_PROGRESS,
          "another deployment into " + p.target() + " is starting");
    }
    String owner = wiring.instanceId() + "/" + wiring.ids().next("x");
    Optional<Promotion> claimed;
    try {
      // Claimed and DEPLOYING in one write: a take-over of this claim never deploys again.
      Promotion deploying = Lifecycle.applyInSameChange(
          Lifecycle.apply(p, new PromotionEvent.Claim(owner, by, now)),
          new PromotionEvent.Deploying(by, now));
      claimed = compareAndSet(p, deploying, List.of());
    } catch (BatonException e) {
      claims.releaseIfUnclaimed(id);
      throw e;
    }
    if (claimed.isEmpty()) {
      claims.releaseIfUnclaimed(id);
      throw new BatonException(ErrorCode.PROMOTION_IN_PROGRESS,
          "promotion " + id + " changed while being deployed; try again");
    }
    // Between the target's claim and this compare-and-set the promotion held no execution claim,
    // so a peer could take the target as left behind and claim too: of the two, this deploy
    // steps back (nothing was deployed yet) when the peer's claim is already there.
    Optional<PromotionId> executing = claims.otherExecuting(claimed.get());
    if (executing.isPresent()) {
      throw stepBack(claimed.get(), executing.get(), "deploy " + id + " again later");
    }
    Optional<Promotion> done;
    try (ClaimHeartbeat.Beat beat = heartbeat.start(claimed.get(), by)) {
      done = deployment.deployAndFinish(claimed.get(), List.of(), by, freeze.breakGlass());
    }
    done.ifPresent(claims::release);
    outbox.deliverAfterChange();
    return done.orElseGet(() -> takenOver(claimed.get()));
  }

  /** Whether a promotion into its target would be held at its write right now (a freeze). */
  boolean writeHeld(Promotion p) {
    return writeFreeze.held(p);
  }

  private Optional<Promotion> write(Promotion p, PipelineOnce pipeline) {
    Optional<Revision> done = wiring.environments().findWrite(p.project(), p.target(), p.id());
    if (done.isPresent()) {
      // A crash came between the write and its record, or a claim was dropped with its write
      // standing and others may have released on top of it since: recorded unless it is behind.
      standingWrites.requireNotBehind(p, done.get());
      LOG.info("promotion {} was written to {} before as {}", p.id(), p.target(), done.get());
      return recordWrite(p, done.get(), pipeline);
    }
    WriteFreeze.Gate gate = writeFreeze.check(p, actor(p));
    if (!gate.write()) {
      return gate.next();
    }
    EnvironmentFiles source = previews.source(p);
    SensitiveNames sensitive = PromotionPreviews.sensitive(pipeline.get());
    // the names' value(), which toString() gives, without a conversion (see NotificationFactory)
    CommitInfo commit = new CommitInfo(p.id(),
        "Promote " + p.source().value() + " to " + p.target().value(), p.notes(), p.requester(),
        approvers(p), wiring.clock().instant(), p.rollback());
    // What was approved is the plan of the target at its pinned revision. While the target is
    // still at that revision it holds those very files, and the plan now is the approved one.
    PromotionPlan approved = null;
    for (int attempt = 1; attempt <= wiring.maxWriteAttempts(); attempt++) {
      EnvironmentFiles target = wiring.environments().read(p.project(), p.target());
      boolean pinned = p.targetRevision().map(target.revision()::equals).orElse(false);
      if (approved == null && !pinned) {
        approved = wiring.planner().plan(source, previews.pinnedTarget(p), p.scope(), p.rules(),
            sensitive);
      }
      PromotionPlan plan = wiring.planner().plan(source, target, p.scope(), p.rules(),
          sensitive);
      PromotionPlans.requireForward(plan, p.rollback(), p.source(), p.target());
      if (approved != null) {
        PromotionPlans.requireApproved(approved, plan, p.target());
      }
      if (plan.isEmpty()) {
        throw new BatonException(ErrorCode.NOTHING_TO_PROMOTE, p.target()
            + " already holds what promotion " + p.id() + " moves; nothing was written");
      }
      List<FileChange> changes = plan.changes();
      WriteResult result = wiring.environments().write(new EnvironmentWrite(p.project(),
          p.target(), target.revision(), changes, commit));
      if (result.status() == WriteStatus.ALREADY_WRITTEN) {
        // a write the first look did not find (an earlier claim's): recorded unless behind
        standingWrites.requireNotBehind(p, result.revision());
      }
      if (result.status() != WriteStatus.STALE) {
        LOG.info("promotion {} wrote {} change(s) to {} as {} ({})", p.id(), changes.size(),
            p.target(), result.revision(), result.status());
        Guard.run("commit status report", () -> wiring.commitStatus().report(p.project(),
            p.target(), result.revision(), p.id(), CommitState.PENDING, "promotion written"));
        return recordWrite(p, result.revision(), pipeline);
      }
      LOG.info("promotion {}: {} moved to {} while writing; planning again", p.id(),
          p.target(), result.revision());
    }
    throw new BatonException(ErrorCode.WRITE_CONFLICT, p.target() + " kept changing while "
        + "promotion " + p.id() + " was written (" + wiring.maxWriteAttempts() + " attempts)");
  }

  /**
   * Records a write this run made or found, with its release and, in the same change, the step
   * that follows (the deploy started, or the wait for a deploy or a merge), so that a direct
   * execution stores three changes (its claim; the write, the release and the next step; the
   * outcome) instead of five. The next step is decided before the record, on the target and the
   * stores as they are then. When it cannot be decided (a store that does not answer), the write
   * and its release are recorded alone, and the next step decides again on the stored release,
   * as for a claim recovered at RELEASED.
   */
  private Optional<Promotion> recordWrite(Promotion p, Revision revision, PipelineOnce pipeline) {
    Release release = newRelease(revision);
    List<PromotionEvent> written = writtenAndReleased(p, release);
    Deployment.Next next;
    try {
      next = deployment.decide(p, release, pipeline);
    } catch (RuntimeException e) {
      LOG.warn("promotion {}: what follows its release into {} cannot be decided now ({});"
          + " the write is recorded and it is decided again", p.id(), p.target(), e.toString());
      return fence.record(p, written);
    }
    return deployment.take(p, written, next);
  }

  private Release newRelease(Revision revision) {
    return Release.created(ReleaseId.of(wiring.ids().next("r")), revision,
        wiring.clock().instant());
  }

  /** The write's record and its release's, to be stored as one change. */
  private static List<PromotionEvent> writtenAndReleased(Promotion p, Release release) {
    UserId by = actor(p);
    return List.of(new PromotionEvent.Written(release.revision(), by, release.createdAt()),
        new PromotionEvent.Released(release, by, release.createdAt()));
  }

  /** A write an engine before 0.2 recorded without its release (claim at WRITTEN). */
  private Optional<Promotion> release(Promotion p) {
    Release release = newRelease(p.claim().flatMap(ExecutionClaim::written).orElseThrow());
    return fence.record(p, new PromotionEvent.Released(release, actor(p), release.createdAt()));
  }

  /** A manual deploy of an older release would roll the target back over a newer one. */
  private void requireNewest(Promotion p) {
    Release mine = p.release().orElseThrow();
    PromotionQuery newest = new PromotionQuery(Optional.of(p.project()),
        Optional.of(p.target()), Set.of(), Optional.empty(), Optional.empty(), Optional.empty(),
        false, 0, 50);
    for (Promotion other : wiring.promotions().query(newest).items()) {
      Optional<Release> theirs = other.release();
      if (theirs.isPresent() && theirs.get().createdAt().isAfter(mine.createdAt())
          && !other.id().equals(p.id())) {
        throw new BatonException(ErrorCode.ILLEGAL_STATE, "promotion " + other.id()
            + " released into " + p.target() + " after " + p.id()
            + "; deploying " + p.id() + " would roll it back");
      }
    }
  }

  private Optional<Promotion> compareAndSet(Promotion p, Promotion next,
      List<Notification> told) {
    return wiring.promotions().compareAndSet(p.version(), next, told) == CasResult.APPLIED
        ? Optional.of(next) : Optional.empty();
  }

  /**
   * The project's pipeline, read from the store when first asked and then kept: the steps of one
   * run (the write's sensitive names, the deploy policy) decide on the same pipeline, with one
   * read instead of one per step. Not thread-safe; one run's own.
   */
  private final class PipelineOnce implements Supplier<Optional<Pipeline>> {
    private final ProjectId project;
    private Optional<Pipeline> read;

    PipelineOnce(ProjectId project) {
      this.project = project;
    }

    @Override
    public Optional<Pipeline> get() {
      if (read == null) {
        read = wiring.pipelines().find(project);
      }
      return read;
    }
  }

  /** Who approved, in the order of their approvals (a loop: asked at every write). */
  private static List<UserId> approvers(Promotion p) {
    List<Decision> decisions = p.decisions();
    UserId[] approvers = new UserId[decisions.size()];
    int count = 0;
    for (Decision d : decisions) {
      if (d.kind() == DecisionKind.APPROVE) {
        approvers[count++] = d.by();
      }
    }
    return List.of(Arrays.copyOf(approvers, count));
  }

  /** Who the engine acts for while executing: the approver whose approval met the quorum. */
  static UserId actor(Promotion p) {
    List<Decision> decisions = p.decisions();
    for (int i = decisions.size() - 1; i >= 0; i--) {
      if (decisions.get(i).kind() == DecisionKind.APPROVE) {
        return decisions.get(i).by();
      }
    }
    return p.requester();
  }
}

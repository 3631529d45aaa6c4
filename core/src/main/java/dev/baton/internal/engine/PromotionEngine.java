package dev.baton.internal.engine;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.lifecycle.Lifecycle;
import dev.baton.lifecycle.PromotionEvent;
import dev.baton.manifests.PromotionPlan;
import dev.baton.manifests.SensitiveNames;
import dev.baton.model.CasResult;
import dev.baton.model.ChangeSummary;
import dev.baton.model.EnvironmentFiles;
import dev.baton.model.EnvironmentName;
import dev.baton.model.Feature;
import dev.baton.model.InsertResult;
import dev.baton.model.Notification;
import dev.baton.model.NotificationKind;
import dev.baton.model.Permission;
import dev.baton.model.Pipeline;
import dev.baton.model.ProjectId;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionQuery;
import dev.baton.model.PromotionStatus;
import dev.baton.model.StageTransition;
import dev.baton.model.StatusChange;
import dev.baton.model.UserId;
import dev.baton.preview.Preview;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The promotion engine: read, decide with {@link Lifecycle}, compare-and-set, then act. Each verb
 * reads the promotion once and reads it again only after losing a compare-and-set, to decide
 * again. It holds no domain state, so any number of engines may share a store. Close it to stop
 * the renewal of the claims it executes under. Thread-safe.
 */
public final class PromotionEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PromotionEngine.class);
  private static final int MAX_CAS_ATTEMPTS = 1_000;

  private final Wiring wiring;
  private final Authorization authorization;
  private final Lookup lookup;
  private final PromotionPreviews previews;
  private final NotificationFactory notifications;
  private final TargetClaims claims;
  private final Execution execution;
  private final ExecutionStart start;
  private final OutboxDelivery outbox;
  private final MergeWait merges;
  private final ClaimHeartbeat heartbeat;

  /** Creates the engine over its ports. */
  public PromotionEngine(Wiring wiring, OutboxDelivery outbox) {
    this.wiring = wiring;
    this.authorization = new Authorization(wiring);
    this.lookup = new Lookup(wiring);
    this.previews = new PromotionPreviews(wiring);
    this.notifications = new NotificationFactory(wiring.authorizer());
    this.claims = new TargetClaims(wiring);
    this.outbox = outbox;
    this.heartbeat = new ClaimHeartbeat(wiring);
    this.execution = new Execution(wiring, previews, notifications, claims, outbox, heartbeat);
    this.start = new ExecutionStart(wiring, notifications, claims, outbox, execution);
    this.merges = new MergeWait(wiring, notifications, claims, outbox);
  }

  /** Stops renewing claims; an execution still running here may then be taken over. */
  @Override
  public void close() {
    heartbeat.close();
  }

  /** The preview for a move along the pipeline, at the source's current revision. */
  public Preview preview(ProjectId project, EnvironmentName source, EnvironmentName target) {
    authorization.feature(project, Feature.PROMOTIONS);
    authorization.feature(project, Feature.PREVIEW);
    Pipeline pipeline = lookup.pipeline(project);
    StageTransition transition = transition(pipeline, source, target);
    EnvironmentFiles sourceFiles = wiring.environments().read(project, source);
    EnvironmentFiles targetFiles = wiring.environments().read(project, target);
    return previews.preview(project, sourceFiles, targetFiles, pipeline.scopeOf(transition),
        pipeline.rulesOf(transition));
  }

  /** The preview a requested promotion was approved on (see {@link PromotionPreviews#pinned}). */
  public Preview pinnedPreview(PromotionId id) {
    Promotion p = lookup.promotion(id);
    authorization.feature(p.project(), Feature.PROMOTIONS);
    authorization.feature(p.project(), Feature.PREVIEW);
    return previews.pinned(p);
  }

  /** Requests a promotion; with no approvals required it executes at once. */
  public Promotion request(ProjectId project, EnvironmentName source, EnvironmentName target,
      UserId requester, String notes, Optional<String> idempotencyKey, boolean rollback) {
    authorization.feature(project, Feature.PROMOTIONS);
    authorization.require(requester, project, Permission.REQUEST);
    if (rollback) {
      authorization.require(requester, project, Permission.ROLLBACK);
    }
    TextLimits.bounded(notes, "notes");
    Optional<Promotion> existing = idempotencyKey
        .flatMap(k -> wiring.promotions().findByIdempotencyKey(project, k));
    if (existing.isPresent()) {
      return sameRequest(existing.get(), source, target, requester);
    }
    Pipeline pipeline = lookup.pipeline(project);
    StageTransition transition = transition(pipeline, source, target);
    requireFolders(pipeline, source, target);
    if (transition.requiredApprovals() == 0) {
      claims.requireFree(project, target);
    }
    EnvironmentFiles sourceFiles = wiring.environments().read(project, source);
    if (sourceFiles.files().isEmpty()) {
      throw new BatonException(ErrorCode.EMPTY_ENVIRONMENT, source + " ("
          + pipeline.folderOf(source) + ") has no files: there is nothing proven to promote");
    }
    EnvironmentFiles targetFiles = wiring.environments().read(project, target);
    PromotionPlan plan = wiring.planner().plan(sourceFiles, targetFiles,
        pipeline.scopeOf(transition), pipeline.rulesOf(transition), SensitiveNames.of(pipeline));
    PromotionPlans.requireSomething(plan, source, target);
    PromotionPlans.requireForward(plan, rollback, source, target);
    ChangeSummary changes = previews.summary(project, sourceFiles, targetFiles, plan);
    Instant now = wiring.clock().instant();
    Promotion promotion = Promotion.builder()
        .id(PromotionId.of(wiring.ids().next("p")))
        .project(project)
        .source(source)
        .target(target)
        .sourceRevision(Optional.of(sourceFiles.revision()))
        .requester(requester)
        .notes(notes)
        .idempotencyKey(idempotencyKey)
        .requiredApprovals(transition.requiredApprovals())
        .requesterMayApprove(transition.requesterMayApprove())
        .scope(pipeline.scopeOf(transition))
        .rules(pipeline.rulesOf(transition))
        .targetRevision(Optional.of(targetFiles.revision()))
        .rollback(rollback)
        .changes(changes)
        .change(new StatusChange(Optional.empty(), PromotionStatus.PENDING_APPROVAL, requester,
            now, rollback ? "requested as a rollback" : "requested"))
        .requestedAt(now)
        .build();
    InsertResult inserted = wiring.promotions().insert(promotion,
        notifications.submitted(promotion, now));
    switch (inserted) {
      case INSERTED:
        break;
      case DUPLICATE_KEY:
        return sameRequest(wiring.promotions().findByIdempotencyKey(project, idempotencyKey
            .orElseThrow()).orElseThrow(), source, target, requester);
      default:
        throw new BatonException(ErrorCode.BACKEND_FAILURE,
            "the id generator produced an id that exists: " + promotion.id());
    }
    LOG.info("promotion {} requested: {} {} -> {} by {}", promotion.id(), project, source,
        target, requester);
    outbox.deliverAfterChange();
    if (!Lifecycle.quorumMet(promotion)) {
      return promotion;
    }
    try {
      return untilStored(promotion, current -> start.start(current, current, requester));
    } catch (BatonException e) {
      if (e.code() != ErrorCode.PROMOTION_IN_PROGRESS) {
        throw e;
      }
      // The request itself stands; recover() or resume() executes it once the target is free.
      // Another promotion won the target's claim: what stands of this one is read again.
      LOG.info("promotion {} waits: {}", promotion.id(), e.getMessage());
      return lookup.promotion(promotion.id());
    }
  }

  /** Approves; the approval that meets the quorum executes the promotion. */
  public Promotion approve(PromotionId id, UserId approver, String comment) {
    TextLimits.bounded(comment, "the approval comment");
    Promotion read = lookup.promotion(id);
    authorization.feature(read.project(), Feature.PROMOTIONS);
    authorization.require(approver, read.project(), Permission.APPROVE);
    return untilStored(read, p -> {
      Promotion next = Lifecycle.apply(p, new PromotionEvent.Approve(approver, comment,
          wiring.clock().instant()));
      if (Lifecycle.quorumMet(next)) {
        return start.start(p, next, approver);
      }
      if (wiring.promotions().compareAndSet(p.version(), next, List.of()) != CasResult.APPLIED) {
        return Optional.empty();
      }
      if (LOG.isInfoEnabled()) {
        LOG.info("promotion {} approved by {} ({}/{})", id, approver, next.countingApprovals(),
            next.requiredApprovals());
      }
      return Optional.of(next);
    });
  }

  /** Rejects a pending promotion. */
  public Promotion reject(PromotionId id, UserId approver, String comment) {
    TextLimits.bounded(comment, "the rejection comment");
    Promotion read = lookup.promotion(id);
    authorization.feature(read.project(), Feature.PROMOTIONS);
    authorization.require(approver, read.project(), Permission.APPROVE);
    return close(read, p -> Lifecycle.apply(p, new PromotionEvent.Reject(approver, comment,
        wiring.clock().instant())), NotificationKind.REJECTED, comment);
  }

  /** The requester withdraws a pending promotion. */
  public Promotion withdraw(PromotionId id, UserId requester, String comment) {
    TextLimits.bounded(comment, "the withdrawal comment");
    Promotion read = lookup.promotion(id);
    authorization.feature(read.project(), Feature.PROMOTIONS);
    return close(read, p -> Lifecycle.apply(p, new PromotionEvent.Withdraw(requester, comment,
        wiring.clock().instant())), NotificationKind.WITHDRAWN, comment);
  }

  /** Deploys a promotion's release by hand (a PENDING_RELEASE promotion). */
  public Promotion deploy(PromotionId id, UserId by) {
    Promotion p = lookup.promotion(id);
    authorization.feature(p.project(), Feature.PROMOTIONS);
    authorization.require(by, p.project(), Permission.DEPLOY);
    MergeWait.refuseDeploy(p);
    return execution.deployByHand(p, by);
  }

  /**
   * Executes a promotion whose quorum is met but which is not executing: after a failed write, or
   * an automatic promotion that found its target busy. A promotion whose release waits for its
   * pull request is moved on when the pull request was merged or closed, else refused.
   */
  public Promotion resume(PromotionId id, UserId by) {
    Promotion p = lookup.promotion(id);
    authorization.feature(p.project(), Feature.PROMOTIONS);
    authorization.require(by, p.project(), Permission.APPROVE);
    if (MergeWait.waits(p)) {
      return merges.advance(p, execution::run).orElseThrow(() -> new BatonException(
          ErrorCode.ILLEGAL_STATE, "promotion " + id + " still waits: "
              + p.release().orElseThrow().deployMessage()));
    }
    if (p.claim().isPresent() || p.status() != PromotionStatus.PENDING_APPROVAL
        || !Lifecycle.quorumMet(p)) {
      throw new BatonException(ErrorCode.ILLEGAL_STATE, "promotion " + id
          + " cannot be resumed: it is " + p.status()
          + (p.claim().isPresent() ? " and executing" : "")
          + (Lifecycle.quorumMet(p) ? "" : " and its quorum is not met"));
    }
    FreezeCheck freeze = FreezeCheck.of(wiring.freezes(), p.project(), p.target(),
        wiring.clock().instant());
    if (freeze.writeHeld()) {
      throw new BatonException(ErrorCode.ENVIRONMENT_FROZEN, p.target() + " is frozen: "
          + freeze.freeze().get().reason() + "; promotion " + id + " waits for the freeze to"
          + " end (a break-glass session lets it through)");
    }
    return untilStored(p, current -> start.start(current, current, by));
  }

  /** {@link #recover(Duration)} of the claims not renewed for the claim lease. */
  public List<Promotion> recover() {
    return recover(wiring.claimLease());
  }

  /**
   * Finishes executions that stopped half-way: claims of this instance that it does not run (a
   * restart) or not renewed for longer than {@code olderThan} (a crashed peer; a live one renews
   * its claims), releases whose pull request was merged (their deploy decided by policy) or
   * closed (REJECTED), and automatic promotions never started. Returns the promotions it moved
   * on.
   */
  public List<Promotion> recover(Duration olderThan) {
    List<Promotion> moved = new ArrayList<>();
    Instant now = wiring.clock().instant();
    // A take-over that fails (its target's repository down) must not hold back the others,
    // which would otherwise wait behind it on every pass for as long as it fails: every one is
    // tried, and the first failure is thrown once the pass is done. A promotion whose take-over
    // failed is not started again in the same pass (its target just failed; the next pass tries).
    Map<PromotionId, RuntimeException> failed = new LinkedHashMap<>();
    for (Promotion p : all(PromotionQuery.executing())) {
      var claim = p.claim().orElseThrow();
      boolean mine = claim.owner().startsWith(wiring.instanceId() + "/")
          && !heartbeat.runs(p.id(), claim.token());
      boolean expired = !claim.staleFrom(olderThan).isAfter(now);
      if (mine || expired) {
        try {
          execution.takeOver(p).ifPresent(moved::add);
        } catch (RuntimeException e) {
          LOG.warn("promotion {} not recovered: {}", p.id(), e.getMessage(), e);
          failed.put(p.id(), e);
        }
      }
    }
    try {
      moved.addAll(merges.advanceAll(execution::run));
      resumeApproved(failed.keySet(), moved);
    } catch (RuntimeException e) {
      // a failure of the later passes (the store down) is thrown, with the take-overs' attached
      failed.values().stream().distinct().forEach(f -> Guard.suppress(e, f));
      throw e;
    }
    moved.forEach(p -> failed.remove(p.id()));
    if (!failed.isEmpty()) {
      RuntimeException first = failed.values().iterator().next();
      // a port may throw one instance for several promotions: it is not suppressed on itself
      failed.values().stream().distinct().forEach(f -> Guard.suppress(first, f));
      throw first;
    }
    return moved;
  }

  /** Starts the promotions whose quorum is met but which never started, but for {@code skip}. */
  private void resumeApproved(Set<PromotionId> skip, List<Promotion> moved) {
    PromotionQuery pending = new PromotionQuery(Optional.empty(), Optional.empty(),
        EnumSet.of(PromotionStatus.PENDING_APPROVAL), Optional.empty(), Optional.empty(),
        Optional.empty(), false, 0, 1000);
    for (Promotion p : all(pending)) {
      if (p.claim().isEmpty() && Lifecycle.quorumMet(p) && !skip.contains(p.id())) {
        if (execution.writeHeld(p)) {
          LOG.info("promotion {} not resumed: {} is frozen", p.id(), p.target());
          continue;
        }
        try {
          moved.add(untilStored(p, current -> start.start(current, current, p.requester())));
        } catch (BatonException e) {
          LOG.info("promotion {} not resumed: {}", p.id(), e.getMessage());
        }
      }
    }
  }

  private List<Promotion> all(PromotionQuery query) {
    List<Promotion> result = new ArrayList<>();
    int offset = 0;
    while (true) {
      var page = wiring.promotions().query(query.withPage(offset, query.limit()));
      result.addAll(page.items());
      if (!page.hasMore() || page.items().isEmpty()) {
        return result;
      }
      offset += page.items().size();
    }
  }

  /**
   * Decides on the promotion as it was read, compare-and-sets and acts ({@code attempt}); when
   * the attempt lost a race (empty) reads the promotion again and decides again.
   */
  private Promotion untilStored(Promotion read, Function<Promotion, Optional<Promotion>> attempt) {
    Promotion p = read;
    for (int tries = 1; ; tries++) {
      Optional<Promotion> done = attempt.apply(p);
      if (done.isPresent()) {
        return done.get();
      }
      if (tries == MAX_CAS_ATTEMPTS) {
        throw contention(read.id());
      }
      p = lookup.promotion(read.id());
    }
  }

  private Promotion close(Promotion read, UnaryOperator<Promotion> decide,
      NotificationKind kind, String comment) {
    return untilStored(read, p -> {
      Promotion next = decide.apply(p);
      List<Notification> told = notifications.outcome(next, kind, comment,
          wiring.clock().instant());
      if (wiring.promotions().compareAndSet(p.version(), next, told) != CasResult.APPLIED) {
        return Optional.empty();
      }
      LOG.info("promotion {} {}", p.id(), kind);
      outbox.deliverAfterChange();
      return Optional.of(next);
    });
  }

  private Promotion sameRequest(Promotion existing, EnvironmentName source,
      EnvironmentName target, UserId requester) {
    if (!existing.source().equals(source) || !existing.target().equals(target)
        || !existing.requester().equals(requester)) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, "idempotency key "
          + existing.idempotencyKey().orElse("") + " was used for promotion " + existing.id()
          + " (" + existing.source() + " -> " + existing.target() + " by "
          + existing.requester() + "), a different request");
    }
    return existing;
  }

  /** Both environments' folders must exist: a missing folder is never promoted as empty. */
  private void requireFolders(Pipeline pipeline, EnvironmentName source,
      EnvironmentName target) {
    var existing = wiring.environments().environments(pipeline.project());
    List<String> problems = new ArrayList<>();
    for (EnvironmentName env : List.of(source, target)) {
      if (!existing.contains(env)) {
        problems.add("environment " + env + " has no folder (looked for "
            + pipeline.folderOf(env) + ")");
      }
    }
    if (!problems.isEmpty()) {
      throw new BatonException(ErrorCode.UNKNOWN_ENVIRONMENT, String.join("; ", problems),
          problems, null);
    }
  }

  private static StageTransition transition(Pipeline pipeline, EnvironmentName source,
      EnvironmentName target) {
    return pipeline.transition(source, target).orElseThrow(() -> new BatonException(
        ErrorCode.INVALID_STAGE_TRANSITION, source + " -> " + target
            + " is not a transition of the pipeline of project " + pipeline.project()));
  }

  private static BatonException contention(PromotionId id) {
    return new BatonException(ErrorCode.BACKEND_FAILURE,
        "promotion " + id + " kept changing under " + MAX_CAS_ATTEMPTS + " attempts");
  }
}

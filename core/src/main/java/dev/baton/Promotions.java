package dev.baton;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.internal.engine.Authorization;
import dev.baton.internal.engine.Lookup;
import dev.baton.internal.engine.PromotionEngine;
import dev.baton.internal.engine.Wiring;
import dev.baton.lifecycle.Lifecycle;
import dev.baton.model.Feature;
import dev.baton.model.Page;
import dev.baton.model.Permission;
import dev.baton.model.ProjectId;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionQuery;
import dev.baton.model.PromotionStatus;
import dev.baton.model.UserId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;

/**
 * The promotion verbs: request, approve, reject, withdraw, deploy, and the reads (get, history,
 * inbox). Every refusal is a {@link BatonException} with a stable code. Thread-safe.
 *
 * <pre>{@code
 * Promotion p = baton.promotions().request(
 *     PromotionRequest.of("shop", "staging", "production", "alice").withNotes("1.4.2"));
 * p = baton.promotions().approve(p.id(), UserId.of("bob"), "checked the preview");
 * // quorum met: written, released and, for a DIRECT target, deployed
 * }</pre>
 *
 * <h2>What a refusal leaves behind</h2>
 * A verb checks before it writes: the feature gate ({@code FEATURE_NOT_AVAILABLE}), the authorizer
 * ({@code PERMISSION_DENIED}), what it names ({@code PROMOTION_NOT_FOUND},
 * {@code PIPELINE_NOT_FOUND}) and the lifecycle ({@code ILLEGAL_STATE}, {@code ALREADY_APPROVED});
 * any such refusal has changed nothing. A verb that executes a promotion (the approval that meets
 * the quorum, a request that needs no approval, {@link #resume}, {@link #recover()}) stores its
 * decision first and then writes and deploys; a failure after that point leaves the decision
 * stored. It then either leaves the promotion PENDING_APPROVAL with its quorum met, nothing
 * written, to be resumed ({@code WRITE_CONFLICT}, {@code BACKEND_FAILURE} and other failures of the
 * write), or closes it REJECTED with the reason in its history, nothing written, when executing it
 * can never succeed ({@code TARGET_CHANGED}, {@code STALE_PROMOTION}, {@code NOTHING_TO_PROMOTE});
 * the exception is thrown in both cases. A failed deploy is not an exception: the promotion comes
 * back PENDING_RELEASE with its release marked failed.
 *
 * <h2>Concurrency</h2>
 * Each change is a compare-and-set on the promotion's version, read again and retried when another
 * caller (on this engine or another sharing the store) changed it meanwhile, so concurrent verbs on
 * one promotion are applied one after the other and a promotion executes once. Verbs that execute
 * run the Git write and the deployer on the caller's thread and return when the execution has ended
 * or stopped to wait.
 *
 * @since 0.1
 */
public final class Promotions {
  private final Wiring wiring;
  private final PromotionEngine engine;
  private final Authorization authorization;
  private final Lookup lookup;

  Promotions(Wiring wiring, PromotionEngine engine) {
    this.wiring = wiring;
    this.engine = engine;
    this.authorization = new Authorization(wiring);
    this.lookup = new Lookup(wiring);
  }

  /**
   * Requests a promotion along a transition of the project's pipeline. It starts PENDING_APPROVAL;
   * a transition that requires no approvals executes it at once.
   *
   * <p>The request reads both environments, plans what moves and pins the preview: the promotion
   * records the source and target revisions and a summary of the changes, which is what approvers
   * approve and what execution writes. It stores the promotion and a notification to everyone who
   * may approve, in one step. With an idempotency key, asking again with the same key returns the
   * promotion first created (whatever its status now), and creates nothing. A transition that needs
   * no approvals executes at once; if another promotion is executing into the target at that
   * moment, the request still stands and is returned PENDING_APPROVAL, to be executed by
   * {@link #resume} or {@link #recover()}.
   *
   * @param request the project, source, target, requester, notes, idempotency key and whether it is
   *     a rollback
   * @return the stored promotion: PENDING_APPROVAL, or, when it executed at once, as the execution
   *     left it (COMPLETED, PENDING_RELEASE, or PENDING_APPROVAL when a freeze held its write)
   * @throws BatonException {@code FEATURE_NOT_AVAILABLE}; {@code PERMISSION_DENIED} without
   *     {@code project.promotions.request} (and {@code project.promotions.rollback} for a
   *     rollback); {@code INVALID_ARGUMENT} for notes over 10,000 characters, or an idempotency key
   *     already used by a request with another source, target or requester;
   *     {@code PIPELINE_NOT_FOUND}; {@code INVALID_STAGE_TRANSITION}; {@code UNKNOWN_ENVIRONMENT}
   *     when either folder does not exist; {@code PROMOTION_IN_PROGRESS} when no approval is
   *     required and another promotion executes into the target; {@code EMPTY_ENVIRONMENT} when the
   *     source has no files; {@code NOTHING_TO_PROMOTE}; {@code STALE_PROMOTION} when it would move
   *     versions backwards and is not a rollback; any failure of an execution at once, as the class
   *     says
   * @since 0.1
   */
  public Promotion request(PromotionRequest request) {
    return engine.request(request.project(), request.source(), request.target(),
        request.requester(), request.notes(), request.idempotencyKey(), request.rollback());
  }

  /**
   * Records an approval; the approval that meets the quorum executes the promotion.
   *
   * <p>Approvals are counted per person. An approval that does not meet the quorum is stored and
   * tells nobody. The one that meets it is stored together with the execution claim and a
   * notification to the requester, then the promotion executes on this thread: the target is
   * written, the release recorded, and it is deployed when the target's policy is DIRECT and no
   * freeze holds it. Not idempotent: the same person approving again is refused.
   *
   * @param id the promotion
   * @param approver who approves
   * @param comment why, for the history; null is read as empty
   * @return the promotion as stored: still PENDING_APPROVAL when more approvals are needed, else as
   *     the execution left it
   * @throws BatonException {@code PROMOTION_NOT_FOUND}; {@code FEATURE_NOT_AVAILABLE};
   *     {@code PERMISSION_DENIED} without {@code project.promotions.approve}, or when the requester
   *     approves a promotion whose transition does not allow it; {@code ALREADY_APPROVED};
   *     {@code ILLEGAL_STATE} when it is not PENDING_APPROVAL, is executing, already has its quorum
   *     (resume it instead) or holds 100 approvals; {@code PROMOTION_IN_PROGRESS} when this
   *     approval would meet the quorum while another promotion executes into the target (the
   *     approval is not recorded; approve again later); {@code INVALID_ARGUMENT} for a comment over
   *     10,000 characters; any failure of the execution, as the class says
   * @since 0.1
   */
  public Promotion approve(PromotionId id, UserId approver, String comment) {
    return engine.approve(id, approver, comment == null ? "" : comment);
  }

  /**
   * Rejects a pending promotion; it ends REJECTED.
   *
   * <p>Any holder of the approve permission may reject, including one who approved before, as long
   * as the promotion is PENDING_APPROVAL and not executing. The rejection and a notification to the
   * requester are stored in one step. Nothing is written to the environment.
   *
   * @param id the promotion
   * @param approver who rejects
   * @param comment why, for the history and the requester; null is read as empty
   * @return the promotion, REJECTED
   * @throws BatonException {@code PROMOTION_NOT_FOUND}; {@code FEATURE_NOT_AVAILABLE};
   *     {@code PERMISSION_DENIED} without {@code project.promotions.approve}; {@code ILLEGAL_STATE}
   *     when it is not PENDING_APPROVAL or is executing; {@code INVALID_ARGUMENT} for a comment
   *     over 10,000 characters
   * @since 0.1
   */
  public Promotion reject(PromotionId id, UserId approver, String comment) {
    return engine.reject(id, approver, comment == null ? "" : comment);
  }

  /**
   * The requester withdraws their pending promotion; it ends REJECTED, marked withdrawn.
   *
   * <p>No permission is needed beyond being the requester. The withdrawal and a notification to
   * those who had approved are stored in one step.
   *
   * @param id the promotion
   * @param requester who withdraws; must be the promotion's requester
   * @param comment why, for the history; null is read as empty
   * @return the promotion, REJECTED with a withdrawal recorded
   * @throws BatonException {@code PROMOTION_NOT_FOUND}; {@code FEATURE_NOT_AVAILABLE};
   *     {@code PERMISSION_DENIED} when {@code requester} did not request it; {@code ILLEGAL_STATE}
   *     when it is not PENDING_APPROVAL or is executing; {@code INVALID_ARGUMENT} for a comment
   *     over 10,000 characters
   * @since 0.1
   */
  public Promotion withdraw(PromotionId id, UserId requester, String comment) {
    return engine.withdraw(id, requester, comment == null ? "" : comment);
  }

  /**
   * Deploys the release of a PENDING_RELEASE promotion by hand.
   *
   * <p>For a target whose policy is MANUAL, and to retry a deploy that failed, was interrupted or
   * was held by a freeze. The promotion is claimed and marked deploying in one step before the
   * deployer is called, on this thread, so two people deploying at once cause one deploy; an engine
   * that finds the deploy interrupted by a crash records it so and never repeats it. A deploy that
   * fails is not an exception.
   *
   * @param id the promotion
   * @param by who deploys
   * @return COMPLETED when the deployer succeeded; PENDING_RELEASE with the release marked failed
   *     when it did not
   * @throws BatonException {@code PROMOTION_NOT_FOUND}; {@code FEATURE_NOT_AVAILABLE};
   *     {@code PERMISSION_DENIED} without {@code project.promotions.deploy}; {@code ILLEGAL_STATE}
   *     when it is not PENDING_RELEASE, its release waits for its pull request to be merged, or a
   *     newer release into the target exists (deploying would roll it back);
   *     {@code PROMOTION_IN_PROGRESS} when it, or another deploy into the target, is running;
   *     {@code ENVIRONMENT_FROZEN} when the target is frozen and no break-glass session is open
   * @since 0.1
   */
  public Promotion deploy(PromotionId id, UserId by) {
    return engine.deploy(id, by);
  }

  /**
   * Executes a promotion whose quorum is met but whose execution failed or had to wait; needs
   * {@code project.promotions.approve}.
   *
   * <p>That is a promotion left PENDING_APPROVAL with its quorum met after a failed write, one that
   * found its target busy, or one a freeze held; and a release waiting for its pull request, which
   * is moved on when the request was merged (deployed as the target's policy says) or closed
   * (REJECTED).
   *
   * @param id the promotion
   * @param by who resumes; recorded as the actor
   * @return the promotion as the execution left it
   * @throws BatonException {@code PROMOTION_NOT_FOUND}; {@code FEATURE_NOT_AVAILABLE};
   *     {@code PERMISSION_DENIED}; {@code ILLEGAL_STATE} when it is executing, not
   *     PENDING_APPROVAL, its quorum is not met, or its pull request is still open;
   *     {@code ENVIRONMENT_FROZEN} when a freeze holds the write; {@code PROMOTION_IN_PROGRESS}
   *     when another promotion executes into the target; any failure of the execution, as the class
   *     says
   * @since 0.1
   */
  public Promotion resume(PromotionId id, UserId by) {
    return engine.resume(id, by);
  }

  /**
   * Finishes executions interrupted by a crash or restart; call it when an engine starts. It takes
   * over the claims of this instance id that this engine does not run, and claims another instance
   * has not renewed for the claim lease (a live executor renews its claims while it runs, however
   * long its deploy takes). A deploy that was running is recorded as
   * {@link dev.baton.model.DeployState#INTERRUPTED}, never repeated. Returns the promotions it
   * moved on.
   *
   * <p>It also moves on releases whose pull request was merged or closed, and executes promotions
   * whose quorum is met but which never started (skipping those a freeze holds, and those whose
   * target is busy). Safe to call from several engines at once, and periodically: a promotion is
   * taken over by one caller only. No permission is checked: it acts for the engine, not a person.
   *
   * @return the promotions it moved on, in no particular order
   * @throws BatonException the first failure of an execution it took over (that promotion is
   *     left as the class says, and not started again in this call), thrown once every other
   *     promotion was tried, later failures suppressed on it: one target that keeps failing never
   *     holds back the others. What it moved on meanwhile is stored, not returned; a port's own
   *     unchecked exception is thrown as it is
   * @since 0.1
   */
  public List<Promotion> recover() {
    return engine.recover();
  }

  /**
   * {@link #recover()}, taking over claims not renewed for {@code olderThan} instead of the claim
   * lease ({@link Duration#ZERO}: every claim, for when no other engine can be running).
   *
   * @param olderThan how long a claim must have gone without renewal to be taken over
   * @return the promotions it moved on
   * @throws BatonException {@code INVALID_ARGUMENT} for a null or negative duration; otherwise as
   *     {@link #recover()}
   * @since 0.1
   */
  public List<Promotion> recover(Duration olderThan) {
    if (olderThan == null || olderThan.isNegative()) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT,
          "olderThan must be a duration of zero or more, was " + olderThan);
    }
    return engine.recover(olderThan);
  }

  /**
   * The promotion, or PROMOTION_NOT_FOUND.
   *
   * <p>The latest stored version, with its approvals, history, claim and release. No permission is
   * checked: the embedding platform decides who may read.
   *
   * @param id the promotion
   * @return the promotion
   * @throws BatonException {@code PROMOTION_NOT_FOUND}; {@code FEATURE_NOT_AVAILABLE} without
   *     promotions for its project
   * @since 0.1
   */
  public Promotion get(PromotionId id) {
    Promotion p = lookup.promotion(id);
    authorization.feature(p.project(), Feature.PROMOTIONS);
    return p;
  }

  /**
   * Promotions newest first, filtered and paged by the query; the query must name a project.
   *
   * <p>Read straight from the promotion store; no permission is checked.
   *
   * @param query the project, filters and page
   * @return one page, with the total number of matches
   * @throws BatonException {@code INVALID_ARGUMENT} when the query names no project;
   *     {@code FEATURE_NOT_AVAILABLE} without promotions or history for the project
   * @since 0.1
   */
  public Page<Promotion> history(PromotionQuery query) {
    ProjectId project = query.project().orElseThrow(() -> new BatonException(
        dev.baton.error.ErrorCode.INVALID_ARGUMENT, "a history query names a project"));
    authorization.feature(project, Feature.PROMOTIONS);
    authorization.feature(project, Feature.HISTORY);
    return wiring.promotions().query(query);
  }

  /**
   * The pending promotions a person may approve, oldest first: not their own (unless the transition
   * allows it), not already approved by them, not executing.
   *
   * <p>It looks at every project that has a pipeline, the promotions feature and the person's
   * approve permission (other projects are left out, not refused), and leaves out promotions whose
   * quorum is met. Reads only.
   *
   * @param user the person
   * @return the items, oldest request first (then by id); an immutable list
   * @since 0.1
   */
  public List<InboxItem> inbox(UserId user) {
    List<InboxItem> items = new ArrayList<>();
    for (ProjectId project : wiring.pipelines().projects()) {
      if (!wiring.features().enabled(project, Feature.PROMOTIONS)
          || !wiring.authorizer().permits(user, project, Permission.APPROVE)) {
        continue;
      }
      PromotionQuery query = PromotionQuery.of(project)
          .withStatuses(EnumSet.of(PromotionStatus.PENDING_APPROVAL));
      int offset = 0;
      Page<Promotion> page;
      do {
        page = wiring.promotions().query(query.withPage(offset, 200));
        for (Promotion p : page.items()) {
          boolean own = p.requester().equals(user) && !p.requesterMayApprove();
          if (!own && !p.approvers().contains(user) && p.claim().isEmpty()
              && !Lifecycle.quorumMet(p)) {
            items.add(new InboxItem(p, p.requiredApprovals() - p.countingApprovals()));
          }
        }
        offset += page.items().size();
      } while (page.hasMore() && !page.items().isEmpty());
    }
    items.sort(Comparator.comparing((InboxItem i) -> i.promotion().requestedAt())
        .thenComparing(i -> i.promotion().id()));
    return List.copyOf(items);
  }
}

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
 * inbox). Every refusal is a {@link BatonException} with a stable code and changes nothing.
 * Thread-safe.
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
   * Requests a promotion along a transition of the project's pipeline. It starts
   * PENDING_APPROVAL; a transition that requires no approvals executes it at once.
   */
  public Promotion request(PromotionRequest request) {
    return engine.request(request.project(), request.source(), request.target(),
        request.requester(), request.notes(), request.idempotencyKey(), request.rollback());
  }

  /** Records an approval; the approval that meets the quorum executes the promotion. */
  public Promotion approve(PromotionId id, UserId approver, String comment) {
    return engine.approve(id, approver, comment == null ? "" : comment);
  }

  /** Rejects a pending promotion; it ends REJECTED. */
  public Promotion reject(PromotionId id, UserId approver, String comment) {
    return engine.reject(id, approver, comment == null ? "" : comment);
  }

  /** The requester withdraws their pending promotion; it ends REJECTED, marked withdrawn. */
  public Promotion withdraw(PromotionId id, UserId requester, String comment) {
    return engine.withdraw(id, requester, comment == null ? "" : comment);
  }

  /** Deploys the release of a PENDING_RELEASE promotion by hand. */
  public Promotion deploy(PromotionId id, UserId by) {
    return engine.deploy(id, by);
  }

  /**
   * Executes a promotion whose quorum is met but whose execution failed or had to wait; needs
   * {@code project.promotions.approve}.
   */
  public Promotion resume(PromotionId id, UserId by) {
    return engine.resume(id, by);
  }

  /**
   * Finishes executions interrupted by a crash or restart; call it when an engine starts.
   * It takes over the claims of this instance id that this engine does not run, and claims
   * another instance has not renewed for the claim lease (a live executor renews its claims
   * while it runs, however long its deploy takes). A deploy that was running is recorded as
   * {@link dev.baton.model.DeployState#INTERRUPTED}, never repeated. Returns the promotions it
   * moved on.
   */
  public List<Promotion> recover() {
    return engine.recover();
  }

  /**
   * {@link #recover()}, taking over claims not renewed for {@code olderThan} instead of the
   * claim lease ({@link Duration#ZERO}: every claim, for when no other engine can be running).
   */
  public List<Promotion> recover(Duration olderThan) {
    if (olderThan == null || olderThan.isNegative()) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT,
          "olderThan must be a duration of zero or more, was " + olderThan);
    }
    return engine.recover(olderThan);
  }

  /** The promotion, or PROMOTION_NOT_FOUND. */
  public Promotion get(PromotionId id) {
    Promotion p = lookup.promotion(id);
    authorization.feature(p.project(), Feature.PROMOTIONS);
    return p;
  }

  /** Promotions newest first, filtered and paged by the query; the query must name a project. */
  public Page<Promotion> history(PromotionQuery query) {
    ProjectId project = query.project().orElseThrow(() -> new BatonException(
        dev.baton.error.ErrorCode.INVALID_ARGUMENT, "a history query names a project"));
    authorization.feature(project, Feature.PROMOTIONS);
    authorization.feature(project, Feature.HISTORY);
    return wiring.promotions().query(query);
  }

  /**
   * The pending promotions a person may approve, oldest first: not their own (unless the
   * transition allows it), not already approved by them, not executing.
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

package dev.baton.lifecycle;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.model.Decision;
import dev.baton.model.DecisionKind;
import dev.baton.model.ExecutionClaim;
import dev.baton.model.ExecutionStep;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionStatus;
import dev.baton.model.Release;
import dev.baton.model.StatusChange;
import dev.baton.model.UserId;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The promotion state machine as data plus a pure function: a table of legal status transitions
 * and {@link #apply}, which validates an event against a promotion and returns its next version
 * ({@link #applyInSameChange} adds a second event to the same next version).
 * It reads no clock and writes nothing; the engine stores what it returns with compare-and-set.
 * Stateless and thread-safe.
 *
 * @since 0.1
 */
public final class Lifecycle {
  /**
   * The most approvals one promotion records; further approvals are refused with ILLEGAL_STATE.
   * A valid pipeline never needs more (see {@code PipelineValidator.MAX_REQUIRED_APPROVALS}): the
   * bound keeps a promotion's stored state bounded whatever its history.
   *
   * @since 0.1
   */
  public static final int MAX_APPROVALS = 100;

  private static final Map<PromotionStatus, Set<PromotionStatus>> LEGAL =
      new EnumMap<>(PromotionStatus.class);

  static {
    LEGAL.put(PromotionStatus.PENDING_APPROVAL, EnumSet.of(PromotionStatus.PENDING_RELEASE,
        PromotionStatus.COMPLETED, PromotionStatus.REJECTED));
    // REJECTED only through PullRequestClosed: the release never reached the target.
    LEGAL.put(PromotionStatus.PENDING_RELEASE, EnumSet.of(PromotionStatus.COMPLETED,
        PromotionStatus.REJECTED));
    LEGAL.put(PromotionStatus.COMPLETED, EnumSet.noneOf(PromotionStatus.class));
    LEGAL.put(PromotionStatus.REJECTED, EnumSet.noneOf(PromotionStatus.class));
  }

  private Lifecycle() {}

  /**
   * Whether a promotion may move from one status to another (a status never moves to itself).
   *
   * @since 0.1
   */
  public static boolean isLegal(PromotionStatus from, PromotionStatus to) {
    return LEGAL.get(from).contains(to);
  }

  /**
   * Whether the promotion has the approvals it needs.
   *
   * @since 0.1
   */
  public static boolean quorumMet(Promotion promotion) {
    // Promotion.countingApprovals() >= requiredApprovals(), counted without building the sets:
    // the engine asks on every verb
    int required = promotion.requiredApprovals();
    List<Decision> decisions = promotion.decisions();
    int counted = 0;
    for (int i = 0; i < decisions.size() && counted < required; i++) {
      Decision d = decisions.get(i);
      if (d.kind() == DecisionKind.APPROVE && !approvedBefore(decisions, i, d.by())
          && (promotion.requesterMayApprove() || !d.by().equals(promotion.requester()))) {
        counted++;
      }
    }
    return counted >= required;
  }

  // whether an approval among the first `end` decisions is by this person
  private static boolean approvedBefore(List<Decision> decisions, int end, UserId by) {
    for (int i = 0; i < end; i++) {
      Decision d = decisions.get(i);
      if (d.kind() == DecisionKind.APPROVE && d.by().equals(by)) {
        return true;
      }
    }
    return false;
  }

  private static int approvalCount(List<Decision> decisions) {
    // indexed: a for-each made an iterator at every approval
    int count = 0;
    for (int i = 0; i < decisions.size(); i++) {
      count += decisions.get(i).kind() == DecisionKind.APPROVE ? 1 : 0;
    }
    return count;
  }

  /**
   * The promotion after the event, with its version advanced by one.
   *
   * @throws BatonException ILLEGAL_STATE, ALREADY_APPROVED or PERMISSION_DENIED when the event is
   *     not allowed; the promotion is unchanged
   * @since 0.1
   */
  public static Promotion apply(Promotion p, PromotionEvent event) {
    return apply(p, event, p.version() + 1);
  }

  /**
   * A further event in the same stored change as the one that made {@code changed} from the
   * stored promotion (at {@code changed.version() - 1}): the promotion after it, still at
   * {@code changed}'s version. It is what {@code apply(changed.withVersion(changed.version() - 1),
   * event)} gives, without copying the promotion back to the stored version first. Two events
   * that one compare-and-set records (the approval that meets the quorum and the claim of its
   * execution; a manual deploy's claim and its start) are applied as {@code apply} of the first
   * to the stored promotion, then this of the second.
   *
   * <p>Never pass a promotion as it is stored: the result would stay at the stored version, and
   * a claim in it would carry the stored version as its fencing token, which another claim may
   * already hold. Only what {@link #apply} returned (and this, in turn) is a change.
   *
   * @param changed what {@link #apply} made of the stored promotion in this change, not stored
   * @param event the next event of the same change
   * @return the promotion after the event, at {@code changed.version()}
   * @throws BatonException as {@link #apply}; INVALID_ARGUMENT when {@code changed} is at
   *     version 1, which no stored version precedes; {@code changed} is unchanged
   * @since 0.2
   */
  public static Promotion applyInSameChange(Promotion changed, PromotionEvent event) {
    if (changed.version() < 2) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, "promotion " + changed.id()
          + " at version 1 is no change of a stored promotion");
    }
    return apply(changed, event, changed.version());
  }

  /** The promotion after the event, at {@code version} (one more than the stored version). */
  private static Promotion apply(Promotion p, PromotionEvent event, long version) {
    if (event instanceof PromotionEvent.Approve e) {
      requireOpenForDecisions(p, "approve");
      if (quorumMet(p)) {
        throw new BatonException(ErrorCode.ILLEGAL_STATE, "promotion " + p.id()
            + " has its approvals already and waits to execute (resume or recover it)");
      }
      int approvals = approvalCount(p.decisions());
      if (approvals >= MAX_APPROVALS) {
        throw new BatonException(ErrorCode.ILLEGAL_STATE, "promotion " + p.id() + " has "
            + approvals + " approvals recorded; the limit is " + MAX_APPROVALS);
      }
      if (approvedBefore(p.decisions(), p.decisions().size(), e.by())) {
        throw new BatonException(ErrorCode.ALREADY_APPROVED,
            e.by() + " already approved promotion " + p.id());
      }
      if (e.by().equals(p.requester()) && !p.requesterMayApprove()) {
        throw new BatonException(ErrorCode.PERMISSION_DENIED, "separation of duties: "
            + e.by() + " requested promotion " + p.id() + " and may not approve it");
      }
      return next(p, version)
          .decision(new Decision(e.by(), DecisionKind.APPROVE, e.comment(), e.at()))
          .build();
    }
    if (event instanceof PromotionEvent.Reject e) {
      requireOpenForDecisions(p, "reject");
      return close(next(p, version), p,
          new Decision(e.by(), DecisionKind.REJECT, e.comment(), e.at()), "rejected");
    }
    if (event instanceof PromotionEvent.Withdraw e) {
      requireOpenForDecisions(p, "withdraw");
      if (!e.by().equals(p.requester())) {
        throw new BatonException(ErrorCode.PERMISSION_DENIED,
            "only the requester " + p.requester() + " may withdraw promotion " + p.id());
      }
      return close(next(p, version), p,
          new Decision(e.by(), DecisionKind.WITHDRAW, e.comment(), e.at()), "withdrawn");
    }
    if (event instanceof PromotionEvent.Claim e) {
      if (p.status() == PromotionStatus.PENDING_APPROVAL) {
        if (!quorumMet(p)) {
          throw illegal(p, "claim: quorum not met (" + p.countingApprovals() + "/"
              + p.requiredApprovals() + ")");
        }
      } else if (p.status() != PromotionStatus.PENDING_RELEASE) {
        throw illegal(p, "claim");
      }
      // The token is the version this change is stored at: stored versions only grow, so it is
      // a fencing token no earlier claim can hold.
      long token = version;
      ExecutionClaim claim = p.claim()
          .map(c -> new ExecutionClaim(e.owner(), c.step(), e.at(), c.written(), token, e.at()))
          .orElseGet(() -> ExecutionClaim.taken(e.owner(), token, e.at()));
      return stepped(p, claim, p.release(), version);
    }
    if (event instanceof PromotionEvent.Renew e) {
      ExecutionClaim claim = p.claim().orElseThrow(() -> illegal(p, "renew without a claim"));
      return stepped(p, claim.renewed(e.at()), p.release(), version);
    }
    if (event instanceof PromotionEvent.Deploying) {
      // A manual deploy claims a PENDING_RELEASE promotion and starts at once (CLAIMED); an
      // execution, or a merged pull request's claim, reaches the deploy with its release recorded.
      ExecutionClaim claim = requireClaim(p, p.status() == PromotionStatus.PENDING_RELEASE
          && p.claim().map(c -> c.step() == ExecutionStep.CLAIMED).orElse(false)
          ? ExecutionStep.CLAIMED : ExecutionStep.RELEASED, "start a deploy");
      if (p.release().isEmpty() || p.status().isTerminal()) {
        throw illegal(p, "start a deploy without a release");
      }
      return stepped(p, claim.at(ExecutionStep.DEPLOYING, claim.written()), p.release(),
          version);
    }
    if (event instanceof PromotionEvent.Written e) {
      ExecutionClaim claim = requireClaim(p, ExecutionStep.CLAIMED, "record the write");
      return stepped(p, claim.at(ExecutionStep.WRITTEN, Optional.of(e.revision())),
          p.release(), version);
    }
    if (event instanceof PromotionEvent.Released e) {
      ExecutionClaim claim = requireClaim(p, ExecutionStep.WRITTEN, "record the release");
      return stepped(p, claim.at(ExecutionStep.RELEASED, claim.written()),
          Optional.of(e.release()), version);
    }
    if (event instanceof PromotionEvent.Finish e) {
      if (p.status() == PromotionStatus.PENDING_APPROVAL) {
        if (p.claim().map(c -> c.step() != ExecutionStep.DEPLOYING).orElse(true)) {
          requireClaim(p, ExecutionStep.RELEASED, "finish execution");
        }
      } else if (p.status() != PromotionStatus.PENDING_RELEASE) {
        throw illegal(p, "finish");
      }
      if (e.status() != PromotionStatus.COMPLETED
          && e.status() != PromotionStatus.PENDING_RELEASE) {
        throw illegal(p, "finish as " + e.status());
      }
      Promotion.Builder next = next(p, version).claim(Optional.empty())
          .release(Optional.of(e.release()));
      e.breakGlass().ifPresent(b -> next.breakGlass(Optional.of(b)));
      if (e.status() != p.status()) {
        requireLegal(p, e.status());
      }
      // A deploy outcome that leaves the status (a failed or interrupted manual deploy) is
      // recorded too: the history says what happened to every deploy attempt.
      next.change(new StatusChange(Optional.of(p.status()), e.status(), e.by(), e.at(),
          e.reason()));
      return next.build();
    }
    if (event instanceof PromotionEvent.Invalidate e) {
      if (p.status() != PromotionStatus.PENDING_APPROVAL
          || p.claim().map(c -> c.step() != ExecutionStep.CLAIMED).orElse(false)) {
        throw illegal(p, "invalidate");
      }
      return close(next(p, version).claim(Optional.empty()), p,
          new Decision(e.by(), DecisionKind.INVALIDATE, e.reason(), e.at()),
          "not executed");
    }
    if (event instanceof PromotionEvent.Merged e) {
      return MergeEvents.merged(p, next(p, version), e);
    }
    if (event instanceof PromotionEvent.PullRequestClosed e) {
      return MergeEvents.closed(p, next(p, version), e);
    }
    if (event instanceof PromotionEvent.Abandon) {
      if (p.claim().isEmpty()) {
        throw illegal(p, "abandon an execution that is not running");
      }
      return next(p, version).claim(Optional.empty()).build();
    }
    throw new IllegalArgumentException("unknown event " + event);
  }

  /** A builder of the promotion at the version its change is stored at. */
  private static Promotion.Builder next(Promotion p, long version) {
    return p.toBuilder().version(version);
  }

  /**
   * The promotion at {@code version} with this claim and release and nothing else changed: what
   * most execution steps record, built straight through the record's constructor, without a
   * builder holding a copy of every field first.
   */
  private static Promotion stepped(Promotion p, ExecutionClaim claim,
      Optional<Release> release, long version) {
    return new Promotion(p.id(), p.project(), p.source(), p.target(), p.sourceRevision(),
        p.requester(), p.notes(), p.idempotencyKey(), p.requiredApprovals(),
        p.requesterMayApprove(), p.scope(), p.rules(), p.targetRevision(), p.rollback(),
        p.changes(), p.status(), p.decisions(), p.history(), Optional.of(claim), release,
        p.breakGlass(), p.requestedAt(), version);
  }

  private static Promotion close(Promotion.Builder next, Promotion p, Decision decision,
      String reason) {
    requireLegal(p, PromotionStatus.REJECTED);
    return next.decision(decision)
        .change(new StatusChange(Optional.of(p.status()), PromotionStatus.REJECTED,
            decision.by(), decision.at(), reason + (decision.comment().isEmpty()
                ? "" : ": " + decision.comment())))
        .build();
  }

  private static void requireOpenForDecisions(Promotion p, String verb) {
    if (p.status() != PromotionStatus.PENDING_APPROVAL) {
      throw illegal(p, verb);
    }
    if (p.claim().isPresent()) {
      throw new BatonException(ErrorCode.ILLEGAL_STATE, "cannot " + verb + " promotion "
          + p.id() + ": its quorum is met and it is executing");
    }
  }

  private static ExecutionClaim requireClaim(Promotion p, ExecutionStep step, String verb) {
    ExecutionClaim claim = p.claim().orElseThrow(() -> illegal(p, verb + " without a claim"));
    if (claim.step() != step) {
      throw illegal(p, verb + " at step " + claim.step() + " (expected " + step + ")");
    }
    return claim;
  }

  static void requireLegal(Promotion p, PromotionStatus to) {
    if (!isLegal(p.status(), to)) {
      throw illegal(p, "move to " + to);
    }
  }

  static BatonException illegal(Promotion p, String verb) {
    return new BatonException(ErrorCode.ILLEGAL_STATE,
        "cannot " + verb + ": promotion " + p.id() + " is " + p.status()
            + (p.status().isTerminal() ? " (terminal)" : ""));
  }
}

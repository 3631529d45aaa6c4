package dev.baton.internal.engine;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.lifecycle.Lifecycle;
import dev.baton.lifecycle.PromotionEvent;
import dev.baton.model.CasResult;
import dev.baton.model.Delivery;
import dev.baton.model.DeliveryStatus;
import dev.baton.model.DeployState;
import dev.baton.model.NotificationKind;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionQuery;
import dev.baton.model.PromotionStatus;
import dev.baton.model.Release;
import dev.baton.model.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pull request mode in the engine: a release whose write is not on the target branch yet is never
 * deployed. At the end of an execution the promotion then waits as PENDING_RELEASE with its
 * release AWAITING_MERGE; {@link #advanceAll} (recovery) and {@link #advance} (resume) move it on
 * once the repository finds the write on the target (claimed with the same compare-and-set as an
 * execution, then the deploy decision by policy), or close it REJECTED when the pull request was
 * closed unmerged. Thread-safe; holds no state.
 */
final class MergeWait {
  private static final Logger LOG = LoggerFactory.getLogger(MergeWait.class);
  private static final int PAGE = 200;

  private final Wiring wiring;
  private final NotificationFactory notifications;
  private final TargetClaims claims;
  private final OutboxDelivery outbox;
  private final ClaimFence fence;

  MergeWait(Wiring wiring, NotificationFactory notifications, TargetClaims claims,
      OutboxDelivery outbox) {
    this.wiring = wiring;
    this.notifications = notifications;
    this.claims = claims;
    this.outbox = outbox;
    this.fence = new ClaimFence(wiring);
  }

  /**
   * Where the release's write stands. A repository that cannot tell (a fetch or the hosting
   * service failed) counts as not merged: deploying a write that may not be on the target is
   * the one thing this class prevents.
   */
  Delivery delivery(Promotion p, Release release) {
    try {
      return wiring.environments().delivery(p.project(), p.target(), p.id(), release.revision());
    } catch (RuntimeException e) {
      LOG.warn("promotion {}: could not tell whether {} reached {}; it waits", p.id(),
          release.revision(), p.target(), e);
      return new Delivery(DeliveryStatus.AWAITING_MERGE, Optional.empty(),
          "", Optional.empty());
    }
  }

  /**
   * Ends an execution (claim at RELEASED) whose write is not delivered: waiting for the merge, or
   * REJECTED when the pull request was closed. Empty when the caller was taken over.
   */
  Optional<Promotion> hold(Promotion p, Delivery delivery, UserId by) {
    Instant now = wiring.clock().instant();
    if (delivery.status() == DeliveryStatus.CLOSED) {
      return close(p, delivery, by, now);
    }
    String reason = waitingReason(delivery);
    Release release = p.release().orElseThrow().withDeploy(DeployState.AWAITING_MERGE, reason,
        Optional.empty(), Optional.empty());
    LOG.info("promotion {} released but not deployed: {}", p.id(), reason);
    return store(p, new PromotionEvent.Finish(PromotionStatus.PENDING_RELEASE, release,
        Optional.empty(), reason, by, now), NotificationKind.PENDING_RELEASE, reason, now);
  }

  /** Moves on every waiting promotion whose pull request was merged or closed. */
  List<Promotion> advanceAll(UnaryOperator<Promotion> run) {
    List<Promotion> moved = new ArrayList<>();
    PromotionQuery query = new PromotionQuery(Optional.empty(), Optional.empty(),
        EnumSet.of(PromotionStatus.PENDING_RELEASE), Optional.empty(), Optional.empty(),
        Optional.empty(), false, 0, PAGE);
    List<Promotion> waiting = new ArrayList<>();
    for (int offset = 0; ; offset += PAGE) {
      var page = wiring.promotions().query(query.withPage(offset, PAGE));
      page.items().stream().filter(MergeWait::waits).forEach(waiting::add);
      if (!page.hasMore() || page.items().isEmpty()) {
        break;
      }
    }
    for (Promotion p : waiting) {
      try {
        advance(p, run).ifPresent(moved::add);
      } catch (BatonException e) {
        LOG.info("promotion {} not moved on: {}", p.id(), e.getMessage());
      }
    }
    return moved;
  }

  /**
   * Moves one waiting promotion on: merged, it is claimed and its deploy decided by
   * {@code run}; closed, it ends REJECTED. Empty while it still waits (or when another caller
   * moved it first).
   */
  Optional<Promotion> advance(Promotion p, UnaryOperator<Promotion> run) {
    if (!waits(p)) {
      return Optional.empty();
    }
    Delivery delivery = delivery(p, p.release().orElseThrow());
    Instant now = wiring.clock().instant();
    UserId by = Execution.actor(p);
    if (delivery.status() == DeliveryStatus.CLOSED) {
      Optional<Promotion> closed = close(p, delivery, by, now);
      closed.ifPresent(done -> outbox.deliverAfterChange());
      return closed;
    }
    if (delivery.status() != DeliveryStatus.ON_TARGET || !claims.acquire(p)) {
      return Optional.empty();
    }
    String owner = wiring.instanceId() + "/" + wiring.ids().next("x");
    String reason = delivery.pullRequest().map(ref -> "pull request " + ref + " merged")
        .orElse("the write reached the target")
        + (delivery.into().isEmpty() ? "" : " into " + delivery.into());
    // claimed and merged in one write
    Promotion claimed = Lifecycle.apply(p, new PromotionEvent.Claim(owner, by, now));
    Promotion merged = Lifecycle.applyInSameChange(claimed, new PromotionEvent.Merged(
        delivery.landed().orElse(p.release().get().revision()), reason, by, now));
    if (wiring.promotions().compareAndSet(p.version(), merged, List.of()) != CasResult.APPLIED) {
      claims.releaseIfUnclaimed(p.id());
      return Optional.empty();
    }
    // A merged release's deploy decision is never urgent, so it steps back on either sign of
    // another execution: the target is no longer its own (a peer took it between this claim of
    // it and the compare-and-set above, and may be about to claim), or another promotion into
    // it holds an execution claim. The merged release then waits for a deploy by hand (recovery
    // moves on only releases awaiting a merge).
    boolean held = claims.stillHeldBy(merged);
    Optional<PromotionId> executing = held ? claims.otherExecuting(merged) : Optional.empty();
    if (!held || executing.isPresent()) {
      String why = executing.map(id -> "promotion " + id + " is executing into " + p.target())
          .orElse("the target was taken by another promotion")
          + "; the merged release waits for a deploy by hand";
      LOG.warn("promotion {}: {}", p.id(), why);
      waitForDeployByHand(merged, executing, why, by);
      outbox.deliverAfterChange();
      return Optional.empty();
    }
    LOG.info("promotion {}: {}; deciding its deploy as {}", p.id(), reason, owner);
    return Optional.of(run.apply(merged));
  }

  /**
   * Steps a merged release's claim back (it found another execution into the target) and ends
   * it as a manual policy does: PENDING_RELEASE with its release WAITING, the reason in the
   * deploy message and the history, and the requester told. A bare Abandon would leave the
   * release WAITING with no word why, which neither recovery (it moves on only releases
   * awaiting a merge) nor anyone reading it would act on. The target's claim goes to
   * {@code executing}, as any step-back's does.
   */
  Optional<Promotion> waitForDeployByHand(Promotion merged, Optional<PromotionId> executing,
      String why, UserId by) {
    Instant now = wiring.clock().instant();
    PromotionEvent.Finish waiting = new PromotionEvent.Finish(PromotionStatus.PENDING_RELEASE,
        merged.release().orElseThrow().withDeploy(DeployState.WAITING, why, Optional.empty(),
            Optional.empty()), Optional.empty(), why, by, now);
    return claims.stepBack(merged, executing, current -> Lifecycle.apply(current, waiting),
        next -> notifications.outcome(next, NotificationKind.PENDING_RELEASE, why, now));
  }

  /** Refuses a manual deploy of a release that is not on the target yet. */
  static void refuseDeploy(Promotion p) {
    p.release().filter(r -> r.deployState() == DeployState.AWAITING_MERGE).ifPresent(r -> {
      throw new BatonException(ErrorCode.ILLEGAL_STATE, "promotion " + p.id()
          + " cannot be deployed: " + r.deployMessage() + "; once it is merged, recover (or"
          + " resume) deploys it as the target's policy says");
    });
  }

  /** Whether the promotion waits for a merge and nobody works on it. */
  static boolean waits(Promotion p) {
    return p.status() == PromotionStatus.PENDING_RELEASE && p.claim().isEmpty()
        && p.release().map(r -> r.deployState() == DeployState.AWAITING_MERGE).orElse(false);
  }

  private Optional<Promotion> close(Promotion p, Delivery delivery, UserId by, Instant now) {
    String reason = "pull request " + delivery.pullRequest().orElse("(unknown)")
        + " closed without merge" + (delivery.into().isEmpty() ? "" : " into " + delivery.into());
    LOG.info("promotion {} ends: {}", p.id(), reason);
    return store(p, new PromotionEvent.PullRequestClosed(reason, by, now),
        NotificationKind.REJECTED, reason, now);
  }

  /**
   * Stores the event: fenced by the claim's token when an executor ends its execution here (its
   * heartbeat may have renewed the claim meanwhile), else by the version it was read at.
   */
  private Optional<Promotion> store(Promotion p, PromotionEvent event, NotificationKind kind,
      String reason, Instant now) {
    if (p.claim().isPresent()) {
      return fence.record(p.id(), ClaimFence.token(p), current -> Lifecycle.apply(current, event),
          stored -> notifications.outcome(stored, kind, reason, now));
    }
    Promotion next = Lifecycle.apply(p, event);
    return wiring.promotions().compareAndSet(p.version(), next,
        notifications.outcome(next, kind, reason, now)) == CasResult.APPLIED
        ? Optional.of(next) : Optional.empty();
  }

  private static String waitingReason(Delivery delivery) {
    String into = delivery.into().isEmpty() ? "the target" : delivery.into();
    return delivery.pullRequest()
        .map(ref -> "waiting for pull request " + ref + " to be merged into " + into)
        .orElse("waiting until the write is on " + into + " (could not check it)");
  }
}

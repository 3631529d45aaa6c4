package dev.baton.internal.engine;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.lifecycle.Lifecycle;
import dev.baton.lifecycle.PromotionEvent;
import dev.baton.model.CasResult;
import dev.baton.model.Notification;
import dev.baton.model.NotificationKind;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionStatus;
import dev.baton.model.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the execution of a promotion whose quorum is met: takes the target, stores the decision
 * that met the quorum together with an execution claim in one compare-and-set, checks that no
 * other promotion into the target holds an execution claim, then runs the execution. Only the
 * winner of that compare-and-set executes, and only alone. Thread-safe; holds no state.
 */
final class ExecutionStart {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutionStart.class);

  private final Wiring wiring;
  private final NotificationFactory notifications;
  private final TargetClaims claims;
  private final OutboxDelivery outbox;
  private final Execution execution;

  ExecutionStart(Wiring wiring, NotificationFactory notifications, TargetClaims claims,
      OutboxDelivery outbox, Execution execution) {
    this.wiring = wiring;
    this.notifications = notifications;
    this.claims = claims;
    this.outbox = outbox;
    this.execution = execution;
  }

  /**
   * Claims and executes {@code decided}, what the caller decided from {@code read} (the
   * promotion as it read it): {@code read} itself, or {@code read} after one event (an
   * approval), not stored.
   *
   * @return the promotion after its execution (or as read, when a peer already executed it),
   *     or empty when a race was lost (the promotion or the target changed hands since it was
   *     read): the caller reads again and decides again
   * @throws BatonException PROMOTION_IN_PROGRESS when another promotion executes into the target
   */
  Optional<Promotion> start(Promotion read, Promotion decided, UserId by) {
    if (decided != read && decided.version() != read.version() + 1) {
      throw new IllegalArgumentException("promotion " + read.id() + " decided at version "
          + decided.version() + " from version " + read.version());
    }
    Optional<Promotion> notStartable = notStartable(read, decided);
    if (notStartable.isPresent()) {
      return notStartable;
    }
    Instant now = wiring.clock().instant();
    // decided and claimed in one write: the claim's token is the version it is stored at
    String owner = wiring.instanceId() + "/" + wiring.ids().next("x");
    PromotionEvent claim = new PromotionEvent.Claim(owner, by, now);
    Promotion claimed = decided == read ? Lifecycle.apply(read, claim)
        : Lifecycle.applyInSameChange(decided, claim);
    if (!claims.acquire(read)) {
      return Optional.empty();
    }
    List<Notification> told = notifications.outcome(claimed, NotificationKind.APPROVED,
        claimed.requiredApprovals() == 0 ? "no approvals required" : "quorum met", now);
    if (wiring.promotions().compareAndSet(read.version(), claimed, told) != CasResult.APPLIED) {
      claims.releaseIfUnclaimed(read.id());
      return Optional.empty();
    }
    Optional<PromotionId> executing = claims.otherExecuting(claimed);
    if (executing.isPresent()) {
      throw execution.stepBack(claimed, executing.get(), "resume " + claimed.id() + " later");
    }
    LOG.info("promotion {} quorum met; executing as {}", claimed.id(), owner);
    outbox.deliverAfterChange();
    return Optional.of(execution.run(claimed));
  }

  /**
   * A start decides on what it read (resume, recover, a request met at once; an approval, too,
   * on what it read before adding itself), and after a lost compare-and-set that is whatever a
   * peer stored meanwhile. The Claim event would replace a live claim and accepts a
   * PENDING_RELEASE promotion, so starting from such a read would take over a peer's execution
   * or execute a finished promotion a second time. Claimed: PROMOTION_IN_PROGRESS (it is
   * executing, by another), which the request answers with the promotion as it stands,
   * recovery logs and a resume's caller can act on as on any busy target (an approval never
   * gets here: the Lifecycle refuses an approval of a claimed promotion first). Executed by a
   * peer (PENDING_RELEASE, COMPLETED): the promotion as read, what this start would have
   * returned had it executed it; a resume or a request gets what stands, not a refusal for
   * something that happened as asked. Rejected or withdrawn meanwhile: the Claim's refusal.
   */
  private static Optional<Promotion> notStartable(Promotion read, Promotion decided) {
    if (read.claim().isPresent()) {
      throw new BatonException(ErrorCode.PROMOTION_IN_PROGRESS, "promotion " + read.id()
          + " is executing as " + read.claim().get().owner());
    }
    if (decided != read) {
      return Optional.empty(); // an approval: the Lifecycle took it on an open promotion only
    }
    if (read.status() == PromotionStatus.PENDING_RELEASE
        || read.status() == PromotionStatus.COMPLETED) {
      LOG.info("promotion {} not started: another executor moved it to {}", read.id(),
          read.status());
      return Optional.of(read);
    }
    if (!Lifecycle.quorumMet(read)) {
      throw new BatonException(ErrorCode.ILLEGAL_STATE, "promotion " + read.id()
          + " cannot be started: its quorum is not met");
    }
    return Optional.empty();
  }
}

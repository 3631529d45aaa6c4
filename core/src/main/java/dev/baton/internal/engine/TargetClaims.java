package dev.baton.internal.engine;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.lifecycle.Lifecycle;
import dev.baton.lifecycle.PromotionEvent;
import dev.baton.model.EnvironmentName;
import dev.baton.model.Notification;
import dev.baton.model.ProjectId;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionQuery;
import dev.baton.model.UserId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The one-execution-per-target rule, on two records: the target's claim in the store (a bare
 * promotion id, taken before a promotion stores its execution claim) and the execution claims of
 * the promotions themselves.
 *
 * <p>What keeps two executions apart is the second: a promotion executes only after it stored
 * its execution claim and then found no other promotion into the target holding one
 * ({@link #otherExecuting}). Of two promotions that both do that, the one that looks second sees
 * the first one's claim, since each writes its own claim before it reads the others'. This holds
 * whatever happened to the target's claim meanwhile, for any number of promotions.
 *
 * <p>The target's claim is what lets a promotion answer PROMOTION_IN_PROGRESS without claiming
 * anything: it is live only while the promotion it names holds an execution claim of its own, so
 * a claim left behind by a crash (or by a promotion that finished without releasing it) is taken
 * over, never waited for. It cannot keep executions apart by itself: a holder that has taken it
 * but not yet stored its execution claim looks the same as one that crashed there, so a peer
 * takes it over, and a third promotion can take it from that peer while the peer gives it back.
 */
final class TargetClaims {
  /** The asking promotion is at most one of a page, so a page of two shows any other. */
  private static final int OTHERS_PAGE = 2;

  private final Wiring wiring;
  private final ClaimFence fence;

  TargetClaims(Wiring wiring) {
    this.wiring = wiring;
    this.fence = new ClaimFence(wiring);
  }

  /** Refuses with PROMOTION_IN_PROGRESS when another promotion executes into the target. */
  void requireFree(ProjectId project, EnvironmentName target) {
    live(project, target).ifPresent(holder -> {
      throw inProgress(target, holder);
    });
  }

  /**
   * Takes the target for the promotion (threads approving the same promotion share it). Returns
   * false when a race was lost and the caller should read again.
   *
   * @throws BatonException PROMOTION_IN_PROGRESS when another promotion executes into the target
   */
  boolean acquire(Promotion p) {
    // A free target (the common case) is taken in one store call; else, as before, the holder
    // is read and what to do decided on it. A claim set here from empty is the claim the read
    // and the compare-and-set below would have set.
    if (wiring.promotions().compareAndSetTargetClaim(p.project(), p.target(), Optional.empty(),
        Optional.of(p.id()))) {
      return true;
    }
    Optional<PromotionId> holder = wiring.promotions().targetClaim(p.project(), p.target());
    if (holder.isPresent() && holder.get().equals(p.id())) {
      return true;
    }
    if (holder.isPresent() && isLive(holder.get())) {
      throw inProgress(p.target(), holder.get());
    }
    if (!wiring.promotions().compareAndSetTargetClaim(p.project(), p.target(), holder,
        Optional.of(p.id()))) {
      return false;
    }
    // The holder may have stored its execution claim after the look above (its window between
    // taking the target and claiming the promotion). Looked at again, a live holder gets the
    // target back and this promotion steps back before it claims anything. Not what keeps the
    // two apart (otherExecuting is, after the claim), and the give-back can fail when a third
    // promotion took the target from this one meanwhile; it spares the holder's peers a claim
    // they would drop again.
    if (holder.isPresent() && isLive(holder.get())) {
      wiring.promotions().compareAndSetTargetClaim(p.project(), p.target(),
          Optional.of(p.id()), holder);
      throw inProgress(p.target(), holder.get());
    }
    return true;
  }

  /**
   * Another promotion into the target that holds an execution claim, asked by a promotion right
   * after it stored its own: when there is one, this one must not execute (that one may have
   * looked before this claim was stored and found nobody). Empty: this one executes alone, since
   * any promotion claiming after now sees this one's claim when it looks.
   */
  Optional<PromotionId> otherExecuting(Promotion claimed) {
    PromotionQuery executing = new PromotionQuery(Optional.of(claimed.project()),
        Optional.of(claimed.target()), Set.of(), Optional.empty(), Optional.empty(),
        Optional.empty(), true, 0, OTHERS_PAGE);
    for (Promotion p : wiring.promotions().query(executing).items()) {
      if (!p.id().equals(claimed.id())) {
        return Optional.of(p.id());
      }
    }
    return Optional.empty();
  }

  /** Whether the target claim still names this promotion (nobody took it over meanwhile). */
  boolean stillHeldBy(Promotion p) {
    return wiring.promotions().targetClaim(p.project(), p.target())
        .map(p.id()::equals).orElse(false);
  }

  /**
   * Drops the execution claim of a promotion that must not execute now (nothing was written or
   * deployed under it: a claim whose write stands is recorded, never stepped back) and, if the
   * target's claim names it, leaves that to {@code executing}, the promotion found claimed beside
   * it ({@link #otherExecuting}), so that others keep answering PROMOTION_IN_PROGRESS while that
   * one runs; with none, the target is released. Empty when another executor took the claim over
   * first (nothing changed then).
   */
  Optional<Promotion> stepBack(Promotion claimed, Optional<PromotionId> executing,
      String reason, UserId by) {
    PromotionEvent abandon = new PromotionEvent.Abandon(reason, by, wiring.clock().instant());
    return stepBack(claimed, executing, current -> Lifecycle.apply(current, abandon),
        next -> List.of());
  }

  /**
   * {@link #stepBack(Promotion, Optional, String, UserId)} recording {@code step} (which drops
   * the claim) and telling {@code told} instead of a bare Abandon.
   */
  Optional<Promotion> stepBack(Promotion claimed, Optional<PromotionId> executing,
      UnaryOperator<Promotion> step, Function<Promotion, List<Notification>> told) {
    Optional<Promotion> stepped = fence.record(claimed, step, told);
    stepped.ifPresent(p -> wiring.promotions().compareAndSetTargetClaim(p.project(), p.target(),
        Optional.of(p.id()), executing));
    return stepped;
  }

  /** Gives the target back after the promotion finished executing. */
  void release(Promotion p) {
    wiring.promotions().compareAndSetTargetClaim(p.project(), p.target(), Optional.of(p.id()),
        Optional.empty());
  }

  /**
   * Gives the target back after a lost race, unless the promotion now holds an execution claim
   * (then the winner of the race uses the target).
   */
  void releaseIfUnclaimed(PromotionId id) {
    wiring.promotions().find(id)
        .filter(p -> p.claim().isEmpty())
        .ifPresent(this::release);
  }

  private Optional<PromotionId> live(ProjectId project, EnvironmentName target) {
    return wiring.promotions().targetClaim(project, target).filter(this::isLive);
  }

  private boolean isLive(PromotionId holder) {
    return wiring.promotions().find(holder).map(h -> h.claim().isPresent()).orElse(false);
  }

  private static BatonException inProgress(EnvironmentName target, PromotionId holder) {
    return new BatonException(ErrorCode.PROMOTION_IN_PROGRESS,
        "promotion " + holder + " is executing into " + target);
  }
}

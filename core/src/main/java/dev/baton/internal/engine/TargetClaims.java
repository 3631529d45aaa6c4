package dev.baton.internal.engine;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.model.EnvironmentName;
import dev.baton.model.ProjectId;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import java.util.Optional;

/**
 * The one-execution-per-target rule on top of the store's claim primitive. The claim names a
 * promotion; it is live only while that promotion holds an execution claim of its own, so a claim
 * left behind by a crash (or by a promotion that finished without releasing it) is taken over.
 */
final class TargetClaims {
  private final Wiring wiring;

  TargetClaims(Wiring wiring) {
    this.wiring = wiring;
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
    // The holder may have stored its execution claim after the look above and checked the target
    // before this take (its window between taking the target and claiming the promotion). Each
    // side writes, then reads the other's write, so at least one of them sees the other: looked
    // at again, a live holder keeps the target and this promotion steps back.
    if (holder.isPresent() && isLive(holder.get())) {
      wiring.promotions().compareAndSetTargetClaim(p.project(), p.target(),
          Optional.of(p.id()), holder);
      throw inProgress(p.target(), holder.get());
    }
    return true;
  }

  /** Whether the target claim still names this promotion (nobody took it over meanwhile). */
  boolean stillHeldBy(Promotion p) {
    return wiring.promotions().targetClaim(p.project(), p.target())
        .map(p.id()::equals).orElse(false);
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

package dev.baton.internal.engine;

import dev.baton.model.Promotion;
import dev.baton.model.PromotionStatus;
import dev.baton.model.StatusChange;
import dev.baton.model.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The freeze check at the start of the write step. A freeze that holds the write sends a claimed
 * promotion back to waiting before anything is written: its claim dropped, its quorum kept, a
 * history entry saying why, so that {@code recover()} or {@code resume} executes it once the
 * freeze ends. An open break-glass session lets the write through and is recorded on the
 * promotion, as it is for deploys. Thread-safe and holding no state of its own: one per engine.
 */
final class WriteFreeze {
  private static final Logger LOG = LoggerFactory.getLogger(WriteFreeze.class);

  private final Wiring wiring;
  private final ClaimFence fence;

  WriteFreeze(Wiring wiring) {
    this.wiring = wiring;
    this.fence = new ClaimFence(wiring);
  }

  /**
   * What the write step does with a claimed promotion.
   *
   * @param write whether to write now, the promotion unchanged
   * @param next when not writing: the promotion as stored (held without its claim, or still
   *     claimed with the break-glass session recorded, to be written on the next step); empty
   *     when a compare-and-set was lost (taken over)
   */
  record Gate(boolean write, Optional<Promotion> next) {}

  /** Checks the target's freeze for a claimed promotion about to write. */
  Gate check(Promotion p, UserId by) {
    Instant now = wiring.clock().instant();
    FreezeCheck freeze = FreezeCheck.of(wiring.freezes(), p.project(), p.target(), now);
    if (freeze.writeHeld()) {
      String reason = "held: " + p.target() + " is frozen (" + freeze.freeze().get().reason()
          + "); nothing written, it executes when the freeze ends (recover or resume)";
      LOG.info("promotion {} {}", p.id(), reason);
      return new Gate(false, store(p, current -> {
        Promotion.Builder held = current.toBuilder().claim(Optional.empty())
            .version(current.version() + 1);
        boolean told = current.history().stream().reduce((a, b) -> b)
            .map(last -> last.reason().equals(reason)).orElse(false);
        if (!told) {
          held.change(new StatusChange(Optional.of(current.status()),
              PromotionStatus.PENDING_APPROVAL, by, now, reason));
        }
        return held.build();
      }));
    }
    if (freeze.writeUnderBreakGlass() && p.breakGlass().isEmpty()) {
      var session = freeze.breakGlass().get();
      LOG.info("promotion {} writes into frozen {} under break-glass by {}: {}", p.id(),
          p.target(), session.by(), session.reason());
      Optional<Promotion> recorded = store(p, current -> current.toBuilder()
          .breakGlass(Optional.of(session)).version(current.version() + 1).build());
      return new Gate(false, recorded);
    }
    return new Gate(true, Optional.empty());
  }

  /** Whether a promotion into the target would be held at its write right now. */
  boolean held(Promotion p) {
    return FreezeCheck.of(wiring.freezes(), p.project(), p.target(), wiring.clock().instant())
        .writeHeld();
  }

  /** Stores the change if the claim still carries the executor's token (see ClaimFence). */
  private Optional<Promotion> store(Promotion p, UnaryOperator<Promotion> change) {
    return fence.record(p.id(), ClaimFence.token(p), change, next -> List.of());
  }
}

package dev.baton.internal.engine;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.lifecycle.Lifecycle;
import dev.baton.lifecycle.PromotionEvent;
import dev.baton.model.CasResult;
import dev.baton.model.ExecutionClaim;
import dev.baton.model.Notification;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records an executor's steps only while it still holds its claim. Each step reads the stored
 * promotion, checks that its claim carries the executor's fencing token, applies the step to what
 * is stored and compare-and-sets it; an executor that holds the promotion at a known version
 * first tries the compare-and-set at that version and reads only when it does not apply. A lost
 * race with the executor's own heartbeat (same token, newer version) is retried; another token,
 * or no claim, means another executor took over, and the step is refused without writing
 * anything. Thread-safe.
 */
final class ClaimFence {
  private static final Logger LOG = LoggerFactory.getLogger(ClaimFence.class);
  private static final int MAX_ATTEMPTS = 100;

  private final Wiring wiring;

  ClaimFence(Wiring wiring) {
    this.wiring = wiring;
  }

  /** The fencing token of a promotion's claim (the promotion must be claimed). */
  static long token(Promotion p) {
    // no Optional.map: asked at every step and every deploy
    Optional<ExecutionClaim> claim = p.claim();
    if (claim.isEmpty()) {
      throw new IllegalStateException("promotion " + p.id() + " is not claimed");
    }
    return claim.get().token();
  }

  /** {@link #record(Promotion, UnaryOperator, Function)} of one event, telling nobody. */
  Optional<Promotion> record(Promotion mine, PromotionEvent event) {
    return record(mine, p -> Lifecycle.apply(p, event), next -> List.of());
  }

  /** As {@link #record(Promotion, PromotionEvent)}, for events stored as one change. */
  Optional<Promotion> record(Promotion mine, List<PromotionEvent> events) {
    return record(mine, p -> inOneChange(p, events), next -> List.of());
  }

  /** The events applied to the stored promotion as one change: one version more, one write. */
  static Promotion inOneChange(Promotion stored, List<PromotionEvent> events) {
    Promotion changed = Lifecycle.apply(stored, events.get(0));
    for (int i = 1; i < events.size(); i++) {
      changed = Lifecycle.applyInSameChange(changed, events.get(i));
    }
    return changed;
  }

  /**
   * {@link #record(PromotionId, long, UnaryOperator, Function)} under {@code mine}'s token, for an
   * executor that holds {@code mine} as it last stored or read it. The step is applied to
   * {@code mine} and compare-and-set at its version without reading first: when that applies, the
   * stored promotion was {@code mine} and a read would have found just that. Otherwise (a
   * heartbeat or another executor moved it) it reads and goes on exactly as the other form does.
   */
  Optional<Promotion> record(Promotion mine, UnaryOperator<Promotion> step,
      Function<Promotion, List<Notification>> told) {
    long token = token(mine);
    Promotion next;
    List<Notification> notifications;
    try {
      next = step.apply(mine);
      notifications = told.apply(next);
    } catch (RuntimeException e) {
      // decided on the promotion as stored, as the other form does: it may have moved
      return record(mine.id(), token, step, told);
    }
    if (wiring.promotions().compareAndSet(mine.version(), next, notifications)
        == CasResult.APPLIED) {
      return Optional.of(next);
    }
    return record(mine.id(), token, step, told);
  }

  /**
   * Applies {@code step} to the stored promotion and stores the result with the notifications
   * {@code told} gives for it, if the stored claim still carries {@code token}.
   *
   * @return the stored promotion, or empty when the claim was taken over (nothing written)
   */
  Optional<Promotion> record(PromotionId id, long token, UnaryOperator<Promotion> step,
      Function<Promotion, List<Notification>> told) {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Optional<Promotion> current = wiring.promotions().find(id);
      if (current.isEmpty() || !holds(current.get(), token)) {
        LOG.info("promotion {}: claim token {} was taken over (now {}); this executor stops",
            id, token, current.flatMap(Promotion::claim)
                .map(c -> "token " + c.token() + " of " + c.owner()).orElse("no claim"));
        return Optional.empty();
      }
      Promotion next = step.apply(current.get());
      CasResult result = wiring.promotions().compareAndSet(current.get().version(), next,
          told.apply(next));
      if (result == CasResult.APPLIED) {
        return Optional.of(next);
      }
      // A version conflict under the same token is our own heartbeat: read again and retry.
    }
    throw new BatonException(ErrorCode.BACKEND_FAILURE, "promotion " + id
        + " kept changing under " + MAX_ATTEMPTS + " attempts to record a step");
  }

  /** Whether the promotion's claim carries the token. */
  static boolean holds(Promotion p, long token) {
    return p.claim().map(c -> c.token() == token).orElse(false);
  }
}

package dev.baton.lifecycle;

import dev.baton.model.Decision;
import dev.baton.model.DecisionKind;
import dev.baton.model.DeployState;
import dev.baton.model.ExecutionStep;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionStatus;
import dev.baton.model.Release;
import dev.baton.model.StatusChange;
import java.util.Optional;

/** The lifecycle rules of the two pull request outcomes, kept beside {@link Lifecycle}. */
final class MergeEvents {
  private MergeEvents() {}

  /** A merged pull request readies an AWAITING_MERGE release for its deploy decision. */
  static Promotion merged(Promotion p, Promotion.Builder next, PromotionEvent.Merged e) {
    Release release = awaiting(p, "record a merge");
    if (p.claim().isEmpty()) {
      throw Lifecycle.illegal(p, "record a merge without a claim");
    }
    Release ready = new Release(release.id(), e.landed(), release.createdAt(),
        DeployState.WAITING, "", Optional.empty(), Optional.empty());
    return next.claim(Optional.of(p.claim().get().at(ExecutionStep.RELEASED,
            Optional.of(e.landed()))))
        .release(Optional.of(ready))
        .change(new StatusChange(Optional.of(p.status()), p.status(), e.by(), e.at(), e.reason()))
        .build();
  }

  /**
   * A closed pull request ends the promotion: from the end of its execution (claim at RELEASED)
   * or from waiting for the merge.
   */
  static Promotion closed(Promotion p, Promotion.Builder next,
      PromotionEvent.PullRequestClosed e) {
    boolean executed = p.status() == PromotionStatus.PENDING_APPROVAL
        && p.claim().map(c -> c.step() == ExecutionStep.RELEASED).orElse(false);
    if (!executed) {
      awaiting(p, "close for an unmerged pull request");
    }
    Lifecycle.requireLegal(p, PromotionStatus.REJECTED);
    return next.claim(Optional.empty())
        .decision(new Decision(e.by(), DecisionKind.PULL_REQUEST_CLOSED, e.reason(), e.at()))
        .change(new StatusChange(Optional.of(p.status()), PromotionStatus.REJECTED, e.by(),
            e.at(), e.reason()))
        .build();
  }

  private static Release awaiting(Promotion p, String verb) {
    if (p.status() != PromotionStatus.PENDING_RELEASE || p.release().isEmpty()
        || p.release().get().deployState() != DeployState.AWAITING_MERGE) {
      throw Lifecycle.illegal(p, verb + " (no release awaits a merge)");
    }
    return p.release().get();
  }
}

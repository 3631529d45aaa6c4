package dev.baton.internal.engine;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.manifests.PromotionPlan;
import dev.baton.manifests.SensitiveNames;
import dev.baton.model.ChangeSummary;
import dev.baton.model.EnvironmentFiles;
import dev.baton.model.EnvironmentName;
import dev.baton.model.Pipeline;
import dev.baton.model.ProjectId;
import dev.baton.model.PromotableProperty;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionRule;
import dev.baton.model.Release;
import dev.baton.model.Revision;
import dev.baton.preview.Preview;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The engine's previews of a promotion: before a request, of both environments as they are, with
 * the target's state as the last promotion into it wrote it as the base for conflict indicators;
 * after it, the pinned preview, from the revisions recorded at request time. Thread-safe; holds
 * no state.
 */
final class PromotionPreviews {
  private final Wiring wiring;

  PromotionPreviews(Wiring wiring) {
    this.wiring = wiring;
  }

  Preview preview(ProjectId project, EnvironmentFiles source, EnvironmentFiles target,
      Set<PromotableProperty> scope, List<PromotionRule> rules) {
    return preview(project, source, target,
        wiring.planner().plan(source, target, scope, rules, sensitive(project)));
  }

  /** The built-in sensitive names and those of the project's pipeline. */
  SensitiveNames sensitive(ProjectId project) {
    return sensitive(wiring.pipelines().find(project));
  }

  /** The built-in sensitive names and those of {@code pipeline}, read by the caller. */
  static SensitiveNames sensitive(Optional<Pipeline> pipeline) {
    return pipeline.map(SensitiveNames::of).orElse(SensitiveNames.defaults());
  }

  /** The preview of a plan made from these files. */
  Preview preview(ProjectId project, EnvironmentFiles source, EnvironmentFiles target,
      PromotionPlan plan) {
    return wiring.previewer().preview(project, source, target, base(project, target), plan);
  }

  /** The counts of the preview of a plan made from these files (what a request records). */
  ChangeSummary summary(ProjectId project, EnvironmentFiles source, EnvironmentFiles target,
      PromotionPlan plan) {
    return wiring.previewer().summary(source, target, base(project, target), plan);
  }

  /** The target as the last promotion into it released it, if any: the conflict base. */
  private Optional<EnvironmentFiles> base(ProjectId project, EnvironmentFiles target) {
    return lastRelease(project, target.environment())
        .flatMap(r -> wiring.environments().readAt(project, target.environment(), r));
  }

  /**
   * The preview a promotion was approved on: its source and target at the revisions recorded
   * when it was requested (the target now, for a promotion recorded without one).
   */
  Preview pinned(Promotion p) {
    return preview(p.project(), source(p), pinnedTarget(p), p.scope(), p.rules());
  }

  /** The target as it stood when the promotion was requested. */
  EnvironmentFiles pinnedTarget(Promotion p) {
    if (p.targetRevision().isEmpty()) {
      return wiring.environments().read(p.project(), p.target());
    }
    return wiring.environments().readAt(p.project(), p.target(), p.targetRevision().get())
        .orElseThrow(() -> new BatonException(ErrorCode.TARGET_CHANGED, "the revision "
            + p.targetRevision().get() + " of " + p.target() + " that promotion " + p.id()
            + " was requested against is gone from the repository; request it again"));
  }

  /** The source as a promotion carries it: at the revision recorded when it was requested. */
  EnvironmentFiles source(Promotion p) {
    return p.sourceRevision()
        .flatMap(r -> wiring.environments().readAt(p.project(), p.source(), r))
        .orElseGet(() -> wiring.environments().read(p.project(), p.source()));
  }

  /**
   * The revision the newest release into the target wrote: the store's
   * {@link dev.baton.spi.PromotionStore#lastRelease}, the newest of the last few released
   * promotions' releases.
   */
  Optional<Revision> lastRelease(ProjectId project, EnvironmentName target) {
    return wiring.promotions().lastRelease(project, target).map(Release::revision);
  }
}

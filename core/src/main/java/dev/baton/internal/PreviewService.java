package dev.baton.internal;

import dev.baton.model.EnvironmentFiles;
import dev.baton.model.EnvironmentName;
import dev.baton.model.ProjectId;
import dev.baton.model.Promotion;
import dev.baton.model.PromotableProperty;
import dev.baton.model.PromotionQuery;
import dev.baton.model.PromotionStatus;
import dev.baton.model.Release;
import dev.baton.model.Revision;
import dev.baton.preview.Preview;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Reads both environments and computes a preview, with the target's state as the last promotion
 * into it wrote it as the base for conflict indicators.
 */
final class PreviewService {
  private final Wiring wiring;

  PreviewService(Wiring wiring) {
    this.wiring = wiring;
  }

  Preview preview(ProjectId project, EnvironmentFiles source, EnvironmentName target,
      Set<PromotableProperty> scope) {
    EnvironmentFiles targetFiles = wiring.environments().read(project, target);
    Optional<EnvironmentFiles> base = lastRelease(project, target)
        .flatMap(r -> wiring.environments().readAt(project, target, r));
    return wiring.previewer().preview(project, source, targetFiles, base, scope);
  }

  /** The source as a promotion carries it: at the revision recorded when it was requested. */
  EnvironmentFiles source(Promotion p) {
    return p.sourceRevision()
        .flatMap(r -> wiring.environments().readAt(p.project(), p.source(), r))
        .orElseGet(() -> wiring.environments().read(p.project(), p.source()));
  }

  /** The revision the newest release into the target wrote. */
  Optional<Revision> lastRelease(ProjectId project, EnvironmentName target) {
    PromotionQuery query = PromotionQuery.of(project).withTarget(target)
        .withStatuses(EnumSet.of(PromotionStatus.COMPLETED, PromotionStatus.PENDING_RELEASE))
        .withPage(0, 20);
    return wiring.promotions().query(query).items().stream()
        .map(Promotion::release)
        .flatMap(Optional::stream)
        .max(Comparator.comparing(Release::createdAt))
        .map(Release::revision);
  }
}

package dev.baton;

import dev.baton.internal.engine.PromotionEngine;
import dev.baton.model.EnvironmentName;
import dev.baton.model.ProjectId;
import dev.baton.model.PromotionId;
import dev.baton.preview.Preview;

/**
 * Shows exactly what a promotion would change in its target: every difference between the
 * environments with whether it moves or stays and why, workload versions, replicas and
 * resources, Helm values after variable resolution, bindings, variables, unified file diffs, and
 * conflicts where the target drifted. Before a request it shows the environments as they are;
 * for a requested promotion it shows what was approved. Thread-safe.
 */
public final class Previews {
  private final PromotionEngine engine;

  Previews(PromotionEngine engine) {
    this.engine = engine;
  }

  /**
   * The preview of promoting source into target now, carrying what the pipeline's transition
   * carries. INVALID_STAGE_TRANSITION when the pipeline has no such transition.
   */
  public Preview preview(ProjectId project, EnvironmentName source, EnvironmentName target) {
    return engine.preview(project, source, target);
  }

  /**
   * The pinned preview of a requested promotion: its source at the revision recorded at request
   * time against its target as it stood then. This is what approvers approve and what execution
   * writes (or refuses with TARGET_CHANGED). PROMOTION_NOT_FOUND for an unknown id.
   */
  public Preview of(PromotionId promotion) {
    return engine.pinnedPreview(promotion);
  }
}

package dev.baton;

import dev.baton.internal.PromotionEngine;
import dev.baton.model.EnvironmentName;
import dev.baton.model.ProjectId;
import dev.baton.preview.Preview;

/**
 * Shows exactly what a promotion would change in its target before anyone requests it: workload
 * image tags, replicas and resources, Helm values after variable resolution, bindings, variables,
 * unified file diffs, and conflicts where the target drifted. Thread-safe.
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
}

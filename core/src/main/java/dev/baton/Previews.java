package dev.baton;

import dev.baton.internal.engine.PromotionEngine;
import dev.baton.model.EnvironmentName;
import dev.baton.model.ProjectId;
import dev.baton.model.PromotionId;
import dev.baton.preview.Preview;

/**
 * Shows exactly what a promotion would change in its target: every difference between the
 * environments with whether it moves or stays and why, workload versions, replicas and resources,
 * Helm values after variable resolution, bindings, variables, unified file diffs, and conflicts
 * where the target drifted. Before a request it shows the environments as they are; for a requested
 * promotion it shows what was approved. Thread-safe.
 *
 * <pre>{@code
 * Preview before = baton.previews().preview(project, staging, production); // the world now
 * Preview approved = baton.previews().of(promotion.id());                  // pinned at request
 * }</pre>
 *
 * <p>The two differ once either environment moves after the request: the pinned preview is what
 * executing the promotion writes, and an execution that would write anything else in what moves
 * is refused with {@code TARGET_CHANGED} instead.
 *
 * <p>Previews only read: they store nothing, take no claim and tell nobody, so they may be asked
 * for as often as wanted. They need the promotions and preview features for the project; no
 * permission is checked. Reading the environments may use the network (a Git fetch).
 *
 * @since 0.1
 */
public final class Previews {
  private final PromotionEngine engine;

  Previews(PromotionEngine engine) {
    this.engine = engine;
  }

  /**
   * The preview of promoting source into target now, carrying what the pipeline's transition
   * carries. INVALID_STAGE_TRANSITION when the pipeline has no such transition.
   *
   * <p>Both environments are read at their current revisions; the conflict indicators compare the
   * target with what the last release into it wrote.
   *
   * @param project the project
   * @param source the environment whose configuration would move
   * @param target the environment that would receive it
   * @return the preview
   * @throws dev.baton.error.BatonException {@code FEATURE_NOT_AVAILABLE} without promotions or
   *     previews; {@code PIPELINE_NOT_FOUND}; {@code INVALID_STAGE_TRANSITION}; a failure of the
   *     environment repository ({@code BACKEND_FAILURE}, {@code BRANCH_NOT_FOUND} and the like) or
   *     of reading the files ({@code MALFORMED_DOCUMENT}, {@code DOCUMENT_TOO_LARGE})
   * @since 0.1
   */
  public Preview preview(ProjectId project, EnvironmentName source, EnvironmentName target) {
    return engine.preview(project, source, target);
  }

  /**
   * The pinned preview of a requested promotion: its source at the revision recorded at request
   * time against its target as it stood then. This is what approvers approve and what execution
   * writes (or refuses with TARGET_CHANGED). PROMOTION_NOT_FOUND for an unknown id.
   *
   * <p>The same answer whenever it is asked, whatever happened to the environments since, as long
   * as the repository still knows the recorded revisions.
   *
   * @param promotion the promotion
   * @return the preview it was requested (and is approved) on
   * @throws dev.baton.error.BatonException {@code PROMOTION_NOT_FOUND};
   *     {@code FEATURE_NOT_AVAILABLE} without promotions or previews; {@code TARGET_CHANGED} when
   *     the recorded target revision is gone from the repository; a failure of the environment
   *     repository
   * @since 0.1
   */
  public Preview of(PromotionId promotion) {
    return engine.pinnedPreview(promotion);
  }
}

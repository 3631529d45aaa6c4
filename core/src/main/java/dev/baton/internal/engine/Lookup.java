package dev.baton.internal.engine;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.model.Pipeline;
import dev.baton.model.ProjectId;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;

/**
 * Loads what an operation names from the stores, refusing with a not-found code what is not
 * there. It checks no permission. Thread-safe.
 */
public final class Lookup {
  private final Wiring wiring;

  /** Creates the lookups over the engine's stores. */
  public Lookup(Wiring wiring) {
    this.wiring = wiring;
  }

  /** The project's pipeline, or PIPELINE_NOT_FOUND. */
  public Pipeline pipeline(ProjectId project) {
    return wiring.pipelines().find(project).orElseThrow(() -> new BatonException(
        ErrorCode.PIPELINE_NOT_FOUND, "project " + project + " has no pipeline"));
  }

  /** The promotion, or PROMOTION_NOT_FOUND. */
  public Promotion promotion(PromotionId id) {
    return wiring.promotions().find(id).orElseThrow(() -> new BatonException(
        ErrorCode.PROMOTION_NOT_FOUND, "no promotion " + id));
  }
}

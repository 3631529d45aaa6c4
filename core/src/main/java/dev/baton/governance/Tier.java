package dev.baton.governance;

import dev.baton.model.Feature;
import java.util.EnumSet;
import java.util.Set;

/**
 * The plans of the seed design, expressed as the features they include. A platform with its own
 * billing implements {@link dev.baton.spi.FeatureGate} directly; this is the ready-made mapping.
 */
public enum Plan {
  /** No pipeline: changes are applied per environment, so promotions are off. */
  FREE(EnumSet.noneOf(Feature.class)),
  /** Pipelines, approvals per transition (at most one), preview and history. */
  PRO(EnumSet.of(Feature.PROMOTIONS, Feature.PIPELINES, Feature.PREVIEW, Feature.HISTORY)),
  /** Pro plus advanced policies: quorums above one approval. */
  ENTERPRISE(EnumSet.allOf(Feature.class));

  private final Set<Feature> features;

  Plan(Set<Feature> features) {
    this.features = Set.copyOf(features);
  }

  /** The features this plan includes. */
  public Set<Feature> features() {
    return features;
  }
}

package dev.baton.governance;

import dev.baton.model.Feature;
import java.util.EnumSet;
import java.util.Set;

/**
 * The billing tiers of the seed design (free, pro, enterprise), expressed as the features each
 * includes. A platform with its own billing implements {@link dev.baton.spi.FeatureGate}
 * directly; this is the ready-made mapping that {@link TierFeatureGate} answers from. Immutable
 * and thread-safe.
 */
public enum Tier {
  /** No pipeline: changes are applied per environment, so promotions are off. */
  FREE(EnumSet.noneOf(Feature.class)),
  /** Pipelines, approvals per transition (at most one), preview and history. */
  PRO(EnumSet.of(Feature.PROMOTIONS, Feature.PIPELINES, Feature.PREVIEW, Feature.HISTORY)),
  /** Pro plus advanced policies: quorums above one approval. */
  ENTERPRISE(EnumSet.allOf(Feature.class));

  private final Set<Feature> features;

  Tier(Set<Feature> features) {
    this.features = Set.copyOf(features);
  }

  /** The features this tier includes. */
  public Set<Feature> features() {
    return features;
  }
}

package dev.baton.governance;

import dev.baton.model.Feature;
import java.util.EnumSet;
import java.util.Set;

/**
 * The billing tiers of the seed design (free, pro, enterprise), expressed as the features each
 * includes. A platform with its own billing implements {@link dev.baton.spi.FeatureGate}
 * directly; this is the ready-made mapping that {@link TierFeatureGate} answers from. Immutable
 * and thread-safe.
 *
 * @since 0.1
 */
public enum Tier {
  /**
   * No pipeline: changes are applied per environment, so promotions are off.
   *
   * @since 0.1
   */
  FREE(EnumSet.noneOf(Feature.class)),
  /**
   * Pipelines, approvals per transition (at most one), preview and history.
   *
   * @since 0.1
   */
  PRO(EnumSet.of(Feature.PROMOTIONS, Feature.PIPELINES, Feature.PREVIEW, Feature.HISTORY)),
  /**
   * Pro plus advanced policies: quorums above one approval.
   *
   * @since 0.1
   */
  ENTERPRISE(EnumSet.allOf(Feature.class));

  private final Set<Feature> features;

  Tier(Set<Feature> features) {
    this.features = Set.copyOf(features);
  }

  /**
   * The features this tier includes.
   *
   * @since 0.1
   */
  public Set<Feature> features() {
    return features;
  }
}

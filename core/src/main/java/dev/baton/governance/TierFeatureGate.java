package dev.baton.governance;

import dev.baton.model.Feature;
import dev.baton.model.ProjectId;
import dev.baton.spi.FeatureGate;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A feature gate that answers from each project's billing {@link Tier}; projects without a tier
 * get the default tier. Thread-safe: tiers may change while the engine runs.
 *
 * @since 0.1
 */
public final class TierFeatureGate implements FeatureGate {
  private final Map<ProjectId, Tier> tiers = new ConcurrentHashMap<>();
  private final Tier defaultTier;

  private TierFeatureGate(Tier defaultTier) {
    this.defaultTier = defaultTier;
  }

  /**
   * A gate where projects without a tier are on {@code defaultTier}.
   *
   * @since 0.1
   */
  public static TierFeatureGate withDefault(Tier defaultTier) {
    return new TierFeatureGate(Objects.requireNonNull(defaultTier, "defaultTier"));
  }

  /**
   * Puts a project on a tier.
   *
   * @since 0.1
   */
  public TierFeatureGate assign(ProjectId project, Tier tier) {
    tiers.put(project, Objects.requireNonNull(tier, "tier"));
    return this;
  }

  /**
   * The project's tier.
   *
   * @since 0.1
   */
  public Tier tierOf(ProjectId project) {
    return tiers.getOrDefault(project, defaultTier);
  }

  @Override
  public boolean enabled(ProjectId project, Feature feature) {
    return tierOf(project).features().contains(feature);
  }
}

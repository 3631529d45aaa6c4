package dev.baton.spi;

import dev.baton.model.Feature;
import dev.baton.model.ProjectId;

/**
 * Port that decides per project which features are enabled, so a platform plugs in its own plans
 * and billing. Thread-safe.
 */
@FunctionalInterface
public interface FeatureGate {

  /** Whether the feature is enabled for the project. */
  boolean enabled(ProjectId project, Feature feature);

  /** Every feature enabled for every project: the zero-setup default. */
  static FeatureGate allEnabled() {
    return (project, feature) -> true;
  }
}

package dev.baton.spi;

import dev.baton.model.Feature;
import dev.baton.model.ProjectId;

/**
 * Port that decides per project which features are enabled, so a platform plugs in its own plans
 * and billing. Thread-safe.
 *
 * <p>Every promotion verb and read first asks for {@link Feature#PROMOTIONS}; previews also need
 * {@link Feature#PREVIEW}, the history {@link Feature#HISTORY}, replacing a pipeline
 * {@link Feature#PIPELINES} (and {@link Feature#ADVANCED_POLICIES} when a transition requires more
 * than one approval). A {@code false} answer refuses the verb with {@code FEATURE_NOT_AVAILABLE}
 * before anything is written; the approvals inbox silently leaves out projects without
 * {@link Feature#PROMOTIONS}. Freezes, break-glass sessions and recovery are not gated. An
 * exception is not contained: it fails the verb. Calls are made on the caller's thread and should
 * be fast.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface FeatureGate {

  /**
   * Whether the feature is enabled for the project.
   *
   * @param project the project
   * @param feature the feature the verb needs
   * @return {@code true} to allow the verb
   * @since 0.1
   */
  boolean enabled(ProjectId project, Feature feature);

  /**
   * Every feature enabled for every project: the zero-setup default.
   *
   * @return a stateless, thread-safe gate that enables everything
   * @since 0.1
   */
  static FeatureGate allEnabled() {
    return (project, feature) -> true;
  }
}

package dev.baton.governance;

import dev.baton.model.Feature;
import dev.baton.model.ProjectId;
import dev.baton.spi.FeatureGate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A feature gate that answers from each project's {@link Plan}; projects without a plan get the
 * default plan. Thread-safe: plans may change while the engine runs.
 */
public final class PlanFeatureGate implements FeatureGate {
  private final Map<ProjectId, Plan> plans = new ConcurrentHashMap<>();
  private final Plan defaultPlan;

  private PlanFeatureGate(Plan defaultPlan) {
    this.defaultPlan = defaultPlan;
  }

  /** A gate where projects without a plan are on {@code defaultPlan}. */
  public static PlanFeatureGate withDefault(Plan defaultPlan) {
    return new PlanFeatureGate(java.util.Objects.requireNonNull(defaultPlan, "defaultPlan"));
  }

  /** Puts a project on a plan. */
  public PlanFeatureGate assign(ProjectId project, Plan plan) {
    plans.put(project, plan);
    return this;
  }

  /** The project's plan. */
  public Plan planOf(ProjectId project) {
    return plans.getOrDefault(project, defaultPlan);
  }

  @Override
  public boolean enabled(ProjectId project, Feature feature) {
    return planOf(project).features().contains(feature);
  }
}
